import type { Dimension, EntityKind, Framework } from './framework-schema.js';

function dim(
  key: string,
  label: string,
  questions: string[],
  cues: string[],
  entities: EntityKind[] = [],
  roles: string[] = [],
): Dimension {
  return { key, label, questions, evidence: { cues, entities, roles } };
}

// biome-ignore format: cue lists read best packed
const budget = dim(
  'budget',
  'Budget',
  [
    'Is there budget set aside for this, and roughly how much?',
    'Which budget would this come from, and when is it approved?',
  ],
  [
    'budget*', 'funded', 'funding', 'allocated', 'set aside', 'earmarked', 'spend', 'price range',
    'approved amount', 'afford', 'cost', 'pricing', 'dollars', 'opex', 'capex',
  ],
  ['money'],
);

// biome-ignore format: cue lists read best packed
const authority = dim(
  'authority',
  'Authority',
  [
    'Who besides you signs off on a purchase like this?',
    'Who has the final say, and have they seen this yet?',
  ],
  [
    'sign off', 'signs off', 'sign-off', 'signoff', 'final say', 'decision maker', 'decision-maker',
    'approve*', 'approver', 'signature', 'signs the contract', 'signing authority', 'final call',
    'final decision', 'controls the budget', 'owns the budget', 'economic buyer', 'owns the decision',
    'decides',
  ],
  ['role'],
);

// biome-ignore format: cue lists read best packed
const need = dim(
  'need',
  'Need',
  [
    'What problem are you trying to solve, and what happens if you do not?',
    'How are you handling this today?',
  ],
  [
    'need*', 'problem', 'pain*', 'struggl*', 'challenge*', 'frustrat*', 'manual*', 'spreadsheet*',
    'bottleneck*', 'losing', 'churn*', 'broken', 'breaks', 'too slow', 'wasting', 'complain*', 'a mess',
    'looking for', 'replace',
  ],
  ['number', 'percent'],
);

// biome-ignore format: cue lists read best packed
const timeline = dim(
  'timeline',
  'Timeline',
  ['When do you need this in place, and what drives that date?', 'What happens if this slips a quarter?'],
  [
    'timeline', 'timeframe', 'deadline', 'go live', 'go-live', 'launch', 'rollout', 'roll out',
    'by the end of', 'in place by', 'start date', 'kick off', 'kickoff', 'renewal', 'expires', 'contract ends',
    'this quarter', 'next quarter', 'urgent*', 'asap',
  ],
  ['date'],
);

// biome-ignore format: cue lists read best packed
const metrics = dim(
  'metrics',
  'Metrics',
  [
    'What result would make this a success, in numbers?',
    'How do you measure this today, and what is the target?',
  ],
  [
    'reduce', 'increase', 'improve', 'save', 'saving*', 'cut', 'roi', 'payback', 'kpi*', 'target', 'goal',
    'hours per', 'hours a', 'per week', 'per month', 'conversion', 'cycle time', 'win rate', 'headcount',
    'measure*',
  ],
  ['percent', 'money', 'number'],
);

// biome-ignore format: cue lists read best packed
const economicBuyer = dim(
  'economic-buyer',
  'Economic buyer',
  ['Who controls the budget this comes from?', 'Can we get time with the person who signs off on the spend?'],
  [
    'economic buyer', 'controls the budget', 'owns the budget', 'holds the budget', 'budget holder',
    'signs off', 'sign off', 'sign-off', 'final say', 'final approval', 'approves the spend',
    'signs the contract', 'purse strings',
  ],
  ['role'],
);

// biome-ignore format: cue lists read best packed
const decisionCriteria = dim(
  'decision-criteria',
  'Decision criteria',
  ['What criteria will you use to compare options?', 'What is a must-have versus a nice-to-have?'],
  [
    'criteria', 'requirement*', 'must have', 'must-have', 'must support', 'must integrate',
    'needs to integrate', 'deal breaker', 'deal-breaker', 'non-negotiable', 'evaluation criteria', 'scorecard',
    'soc 2', 'soc2', 'sso', 'gdpr', 'compliance',
  ],
);

// biome-ignore format: cue lists read best packed
const decisionProcess = dim(
  'decision-process',
  'Decision process',
  [
    'What are the steps from here to a decision, and who is involved in each?',
    'Have you bought something like this before, and how did it go?',
  ],
  [
    'decision process', 'approval process', 'buying process', 'steps', 'next step*', 'pilot',
    'proof of concept', 'poc', 'trial', 'shortlist', 'committee', 'steering', 'present*', 'demo to', 'decide*',
    'final call', 'rfp', 'evaluation',
  ],
  ['date', 'role'],
);

// biome-ignore format: cue lists read best packed
const paperProcess = dim(
  'paper-process',
  'Paper process',
  [
    'Once you decide, what does contracting look like: legal, security review, procurement?',
    'How long does procurement usually take?',
  ],
  [
    'procurement', 'legal', 'security review', 'security questionnaire', 'vendor onboarding', 'msa', 'dpa',
    'redline*', 'purchase order', 'po', 'contracting', 'contract review', 'order form', 'paperwork',
    'vendor form*', 'infosec',
  ],
  ['date'],
  ['procurement lead', 'general counsel', 'legal counsel'],
);

// biome-ignore format: cue lists read best packed
const identifyPain = dim(
  'identify-pain',
  'Identified pain',
  ['What is this problem costing you today?', 'What happens if nothing changes in the next six months?'],
  [
    'pain*', 'problem*', 'struggl*', 'frustrat*', 'challenge*', 'manual*', 'spreadsheet*', 'bottleneck*',
    'losing', 'lost', 'churn*', 'broken', 'too slow', 'wasting', 'costing', 'missed', 'complain*',
  ],
  ['money', 'percent', 'number'],
);

// biome-ignore format: cue lists read best packed
const champion = dim(
  'champion',
  'Champion',
  [
    'Who inside the company wants this to happen most, and why?',
    'Would they sell this internally when we are not in the room?',
  ],
  [
    'champion', 'advocate', 'sponsor', 'push* for', 'pushing this', 'sell it internally',
    'sell this internally', 'bought in', 'on board', 'rallying', 'driving this', 'behind this',
    'excited about',
  ],
  ['role'],
);

// biome-ignore format: cue lists read best packed
const competition = dim(
  'competition',
  'Competition',
  [
    'Who else are you looking at, including building it yourselves?', 'What would make you pick them over us?',
  ],
  [
    'competitor*', 'competition', 'also looking at', 'also evaluating', 'also evaluated', 'looked at',
    'comparing', 'compared', 'alternative*', 'other vendor*', 'incumbent', 'currently use', 'currently using',
    'build it in-house', 'in-house', 'versus', 'vs',
  ],
);

/** The built-in frameworks: BANT, MEDDIC and MEDDPICC. */
export const BUILT_IN_FRAMEWORKS: Readonly<Record<string, Framework>> = {
  bant: { dimensions: [budget, authority, need, timeline], sqoRequire: ['budget', 'authority'] },
  meddic: {
    dimensions: [metrics, economicBuyer, decisionCriteria, decisionProcess, identifyPain, champion],
    sqoRequire: ['metrics', 'economic-buyer', 'identify-pain'],
  },
  meddpicc: {
    dimensions: [
      metrics,
      economicBuyer,
      decisionCriteria,
      decisionProcess,
      paperProcess,
      identifyPain,
      champion,
      competition,
    ],
    sqoRequire: ['metrics', 'economic-buyer', 'identify-pain'],
  },
};
