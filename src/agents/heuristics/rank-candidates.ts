import { compareCompanyNames } from './company-name.js';
import { compareDomains, domainNameRelation, domainNameSimilarity, registrableDomain } from './domain.js';
import { isFreeMailDomain } from './free-mail.js';
import { isPlaceholderCompanyName } from './placeholder-names.js';
import { round3 } from './string-similarity.js';

/** What is being matched: a company by name, domain or website (any of them). */
export interface MatchQuery {
  name?: string | undefined;
  domain?: string | undefined;
  website?: string | undefined;
}

/** One record it may match, with the value the caller wants back. */
export interface MatchCandidate<T> {
  id: string;
  name?: string | undefined;
  domain?: string | undefined;
  website?: string | undefined;
  value: T;
}

/** A candidate's score in [0, 1] with what each field contributed. */
export interface RankedCandidate<T> {
  id: string;
  score: number;
  evidence: string[];
  value: T;
}

/** The ranking, the best candidate (null if none scored), and how sure the choice is. */
export interface CandidateRanking<T> {
  best: RankedCandidate<T> | null;
  ranked: RankedCandidate<T>[];
  /** The best score, discounted when the runner-up is close: a tie never gives high confidence. */
  confidence: number;
  reasoning: string;
}

/** How much each field of the query weighs; only the fields the query has take part. */
export interface RankWeights {
  name: number;
  domain: number;
}

const DEFAULT_WEIGHTS: RankWeights = { name: 0.45, domain: 0.55 };
/** A candidate lacking the field is checked across (domain vs name): weaker evidence. */
const CROSS_FACTOR = 0.6;
/** A lead this far ahead of the runner-up keeps the whole best score as confidence. */
const CLEAR_MARGIN = 0.3;
/** The share of the best score left as confidence when the runner-up ties it. */
const TIE_SHARE = 0.4;
/** Below this score no candidate is taken for the lead's company: the answer is none. */
const MIN_MATCH = 0.5;
/** A candidate whose domain conflicts with the lead's own keeps this share of its score. */
const CONFLICT_FACTOR = 0.5;
/** A candidate's own domain spelling the lead's company name ("Nubank", nubank.com.br) is name evidence, a little short of the name. */
const BRAND_FACTOR = 0.9;

function domainOf(x: { domain?: string | undefined; website?: string | undefined }): string | null {
  return (x.domain && registrableDomain(x.domain)) || (x.website && registrableDomain(x.website)) || null;
}

interface Signal {
  weight: number;
  score: number;
  evidence: string;
}

function nameSignal(
  query: string,
  c: MatchCandidate<unknown>,
  cDomain: string | null,
  queryDomain: string | null,
): Omit<Signal, 'weight'> {
  if (c.name) {
    const s = compareCompanyNames(query, c.name);
    const evidence = `name: ${JSON.stringify(s.a)} vs ${JSON.stringify(s.b)}: ${s.basis} (${s.score.toFixed(2)})`;
    // on the query's own domain the domain signal has already counted it
    const brand =
      cDomain && cDomain !== queryDomain ? round3(BRAND_FACTOR * domainNameSimilarity(cDomain, query)) : 0;
    if (brand > s.score)
      return {
        score: brand,
        evidence: `${evidence}; but its domain ${cDomain} spells the name (${brand.toFixed(2)})`,
      };
    return { score: s.score, evidence };
  }
  if (cDomain) {
    const score = round3(CROSS_FACTOR * domainNameSimilarity(cDomain, query));
    return {
      score,
      evidence: `name: candidate has none; its domain ${cDomain} fits ${JSON.stringify(query)} ${score.toFixed(2)}`,
    };
  }
  return { score: 0, evidence: 'name: candidate has no name or domain' };
}

function domainSignal(
  query: string,
  c: MatchCandidate<unknown>,
  cDomain: string | null,
): Omit<Signal, 'weight'> {
  if (cDomain) {
    const s = compareDomains(query, cDomain);
    return { score: s.score, evidence: `domain: ${s.basis} (${s.score.toFixed(2)})` };
  }
  if (c.name) {
    const score = round3(CROSS_FACTOR * domainNameSimilarity(query, c.name));
    return {
      score,
      evidence: `domain: candidate has none; ${query} fits its name ${JSON.stringify(c.name)} ${score.toFixed(2)}`,
    };
  }
  return { score: 0, evidence: 'domain: candidate has no domain or name' };
}

/**
 * Why a candidate is another company than the lead's own domain names, or null. The lead's domain
 * speaks for its company when it spells the lead's company name (or that name and more, as
 * acmedental.com for "Acme"); a candidate under another domain whose name that domain does not
 * spell is then a different company, however alike the names ("Initech" at initech.io is not
 * InfoTech at infotech.com; "Acme" at acme-dental.com is not Acme Corp at acme.com).
 */
function domainConflict(
  query: { name: string | null; domain: string | null },
  c: MatchCandidate<unknown>,
  cDomain: string | null,
): string | null {
  if (!query.domain || !cDomain || !c.name || compareDomains(query.domain, cDomain).score >= 0.7) return null;
  if (query.name && domainNameRelation(query.domain, query.name) === 'other') return null;
  if (domainNameRelation(query.domain, c.name) === 'fits') return null;
  return `conflict: the lead's domain ${query.domain} names its own company, and ${JSON.stringify(c.name)} at ${cDomain} is not it (score x${CONFLICT_FACTOR})`;
}

function scoreCandidate<T>(
  query: { name: string | null; domain: string | null },
  c: MatchCandidate<T>,
  weights: RankWeights,
): RankedCandidate<T> {
  const cDomain = domainOf(c);
  const signals: Signal[] = [];
  if (query.domain) signals.push({ weight: weights.domain, ...domainSignal(query.domain, c, cDomain) });
  if (query.name) signals.push({ weight: weights.name, ...nameSignal(query.name, c, cDomain, query.domain) });
  const total = signals.reduce((s, x) => s + x.weight, 0);
  const raw = total > 0 ? signals.reduce((s, x) => s + x.weight * x.score, 0) / total : 0;
  const conflict = domainConflict(query, c, cDomain);
  const evidence = signals.map((s) => s.evidence);
  if (conflict) evidence.push(conflict);
  return { id: c.id, score: round3(conflict ? raw * CONFLICT_FACTOR : raw), evidence, value: c.value };
}

/**
 * Ranks candidate companies against a query by name and domain. Names are compared after dropping
 * legal forms; domains by registrable domain (subdomains, `www` and free e-mail providers do not
 * count); a candidate lacking a field the query has is checked across (its domain against the
 * query's name, or the reverse). A candidate's own domain spelling the query's name counts as a
 * name match (a brand: "Nubank" and Nu Pagamentos at nubank.com.br) unless it is the query's domain; a candidate under another domain than the one the query's domain
 * names is a different company (its score halves); a placeholder name ("N/A", "Freelance") is no
 * name. Below a score of 0.5 no candidate is the company and `best` is null, with the confidence
 * of that answer. Otherwise the confidence is the best score, discounted as the runner-up closes in: "Acme" with domain acme.com picks Acme Corp (acme.com) over Acme Labs (acmelabs.io)
 * with high confidence, while "Acme" alone against Acme Corp and Acme Inc is a tie with low confidence.
 */
export function rankCandidates<T>(
  query: MatchQuery,
  candidates: readonly MatchCandidate<T>[],
  weights: RankWeights = DEFAULT_WEIGHTS,
): CandidateRanking<T> {
  const notes: string[] = [];
  let domain = domainOf(query);
  if (domain && isFreeMailDomain(domain)) {
    notes.push(`${domain} is a free e-mail domain, so only the name counts`);
    domain = null;
  }
  let name = query.name?.trim() ? query.name : null;
  if (name && isPlaceholderCompanyName(name)) {
    notes.push(`${JSON.stringify(name)} is a placeholder, not a company name`);
    name = null;
  }
  if (!name && !domain) {
    return {
      best: null,
      ranked: [],
      confidence: 0,
      reasoning: [...notes, 'the query has no name or domain to match on'].join('; '),
    };
  }
  const ranked = candidates
    .map((c) => scoreCandidate({ name, domain }, c, weights))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const first = ranked[0];
  if (!first || first.score === 0) {
    const why =
      candidates.length === 0
        ? 'there are no candidates'
        : `none of ${candidates.length} candidates matches at all`;
    return {
      best: null,
      ranked,
      confidence: candidates.length === 0 ? 0 : 1,
      reasoning: [...notes, why].join('; '),
    };
  }
  if (first.score < MIN_MATCH) {
    notes.push(
      `no candidate is the same company: the closest, ${first.id}, scores ${first.score.toFixed(3)} < ${MIN_MATCH} (${first.evidence.join('; ')})`,
    );
    return { best: null, ranked, confidence: round3(1 - first.score), reasoning: notes.join('; ') };
  }
  const second = ranked[1];
  const margin = first.score - (second?.score ?? 0);
  const confidence = round3(first.score * (TIE_SHARE + (1 - TIE_SHARE) * Math.min(1, margin / CLEAR_MARGIN)));
  const lead = second
    ? `leads ${second.id} (${second.score.toFixed(3)}) by ${margin.toFixed(3)}`
    : 'is the only candidate';
  notes.push(`${first.id} scores ${first.score.toFixed(3)} (${first.evidence.join('; ')}) and ${lead}`);
  return { best: first, ranked, confidence, reasoning: notes.join('; ') };
}
