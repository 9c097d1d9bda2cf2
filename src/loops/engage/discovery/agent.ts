import { z } from 'zod';
import type { AgentTask } from '../../../kernel/index.js';
import { Dimension } from './config.js';
import { DimensionResult } from './contract.js';
import { extractEvidence } from './extract.js';

/** What the evidence-extraction agent is asked: a framework's dimensions and the call notes. */
export const EvidenceInput = z
  .strictObject({
    framework: z.string().describe('The framework key.'),
    dimensions: z.array(Dimension).min(1).describe('The dimensions with their questions and evidence cues.'),
    negations: z.array(z.string()).describe('Words that, near a cue, say the thing is absent.'),
    hedges: z.array(z.string()).describe('Words that make a statement weaker.'),
    amountFrom: z.array(z.string()).describe('Dimensions whose money evidence is the deal amount.'),
    text: z.string().min(1).describe('The call notes or transcript.'),
  })
  .describe('Call notes to qualify against a framework.');

/** An evidence-extraction question. */
export type EvidenceInput = z.infer<typeof EvidenceInput>;

/** The answer: every dimension with status, confidence, quoted evidence and follow-ups; and the amount named. */
export const EvidenceAnswer = z
  .strictObject({
    dimensions: z.array(DimensionResult).describe('Every dimension of the framework, in its order.'),
    amount: z.number().nonnegative().nullable().describe('The deal budget the notes name, or null.'),
  })
  .describe('Qualification evidence per dimension.');

/** An evidence-extraction answer. */
export type EvidenceAnswer = z.infer<typeof EvidenceAnswer>;

/**
 * Reads call notes against a qualification framework and extracts, per dimension, whether the notes
 * evidence it, contradict it ("no budget yet") or say nothing, quoting the sentences. The heuristic
 * works sentence by sentence with the framework's cues, entities, negations and hedges.
 */
export const extractEvidenceTask: AgentTask<EvidenceInput, EvidenceAnswer> = {
  name: 'engage.discovery-evidence',
  promptVersion: '1',
  instructions:
    'Read the call notes in `text` and qualify the opportunity against each dimension in ' +
    '`dimensions`. For each, set status evidenced when the notes state it (quote the sentences ' +
    'verbatim in evidence, strongest first, at most three), contradicted when they say it is absent ' +
    '(for example "no budget yet"), or missing when they say nothing; give a confidence from 0 to 1, ' +
    'list in signals what made each quote evidence, and for every dimension not evidenced copy its ' +
    'questions into followUps. A question the rep asked is not evidence. Set amount to the budget ' +
    'the notes name for the dimensions in amountFrom, in currency units, or null.',
  input: EvidenceInput,
  output: EvidenceAnswer,
  heuristic: (input) => {
    const x = extractEvidence(input);
    return {
      answer: { dimensions: x.dimensions, amount: x.amount },
      confidence: x.confidence,
      reasoning: x.reasoning,
    };
  },
};
