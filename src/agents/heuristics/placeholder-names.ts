import { companyNameTokens } from './company-name.js';

/**
 * What people type in a company field when they have none: "N/A", "Freelance", "Student",
 * "Self-employed". Compared after normalization, so case, punctuation and legal forms do not matter.
 */
// biome-ignore format: a word list reads best packed
const PLACEHOLDERS = new Set([
  '', 'n a', 'na', 'none', 'no', 'nil', 'null', 'unknown', 'not applicable', 'no company', 'self',
  'self employed', 'selfemployed', 'freelance', 'freelancer', 'independent', 'independent consultant',
  'consultant', 'contractor', 'student', 'retired', 'unemployed', 'personal', 'private', 'individual',
  'home', 'homemaker', 'test', 'testing', 'asdf', 'x', 'xx', 'xxx', 'me', 'my company', 'company',
  'business', 'owner', 'sole proprietor', 'sole trader', 'private person', 'looking for work', 'between jobs',
]);

/** True when a company name is a placeholder, not a company: "N/A", "Freelance", "Self-employed", "-". */
export function isPlaceholderCompanyName(name: string): boolean {
  return PLACEHOLDERS.has(companyNameTokens(name).join(' '));
}
