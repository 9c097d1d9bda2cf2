import { compareCompanyNames } from './company-name.js';
import { compareDomains, domainNameSimilarity, registrableDomain } from './domain.js';
import { isFreeMailDomain } from './free-mail.js';
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
): Omit<Signal, 'weight'> {
  if (c.name) {
    const s = compareCompanyNames(query, c.name);
    return {
      score: s.score,
      evidence: `name: ${JSON.stringify(s.a)} vs ${JSON.stringify(s.b)}: ${s.basis} (${s.score.toFixed(2)})`,
    };
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

function scoreCandidate<T>(
  query: { name: string | null; domain: string | null },
  c: MatchCandidate<T>,
  weights: RankWeights,
): RankedCandidate<T> {
  const cDomain = domainOf(c);
  const signals: Signal[] = [];
  if (query.domain) signals.push({ weight: weights.domain, ...domainSignal(query.domain, c, cDomain) });
  if (query.name) signals.push({ weight: weights.name, ...nameSignal(query.name, c, cDomain) });
  const total = signals.reduce((s, x) => s + x.weight, 0);
  const score = total > 0 ? round3(signals.reduce((s, x) => s + x.weight * x.score, 0) / total) : 0;
  return { id: c.id, score, evidence: signals.map((s) => s.evidence), value: c.value };
}

/**
 * Ranks candidate companies against a query by name and domain. Names are compared after dropping
 * legal forms; domains by registrable domain (subdomains, `www` and free e-mail providers do not
 * count); a candidate lacking a field the query has is checked across (its domain against the
 * query's name, or the reverse). The confidence is the best score, discounted as the runner-up
 * closes in: "Acme" with domain acme.com picks Acme Corp (acme.com) over Acme Labs (acmelabs.io)
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
  const name = query.name?.trim() ? query.name : null;
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
    return { best: null, ranked, confidence: 0, reasoning: [...notes, why].join('; ') };
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
