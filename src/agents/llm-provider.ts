import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import {
  APICallError,
  generateText,
  JSONParseError,
  type JSONSchema7,
  jsonSchema,
  type LanguageModel,
  type LanguageModelUsage,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  Output,
  RetryError,
  TypeValidationError,
} from 'ai';
import { z } from 'zod';
import type { AgentTask } from '../kernel/index.js';
import { answerSchema, type ProviderOutcome } from './answer.js';
import { AGENT_DEFAULTS, type AgentsSettings, ANTHROPIC_KEY_ENV } from './settings.js';

/** What an LLM call needs besides the task: the settings and where to read the API key. */
export interface LlmSetup {
  settings: AgentsSettings & { provider: 'openai-compatible' | 'anthropic'; model: string };
  env: Readonly<Record<string, string | undefined>>;
}

const schemas = new WeakMap<AgentTask<unknown, unknown>, JSONSchema7>();

/** The JSON Schema the model is asked to fill: the task's output plus confidence and reasoning. */
function modelSchema<I, O>(task: AgentTask<I, O>): JSONSchema7 {
  const key = task as AgentTask<unknown, unknown>;
  let schema = schemas.get(key);
  if (!schema) {
    const { $schema: _drop, ...rest } = z.toJSONSchema(answerSchema(task), {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    schema = rest as JSONSchema7;
    schemas.set(key, schema);
  }
  return schema;
}

/** The environment variable holding the key, if the provider needs one. */
function keyEnv(settings: LlmSetup['settings']): string | undefined {
  return settings.apiKeyEnv ?? (settings.provider === 'anthropic' ? ANTHROPIC_KEY_ENV : undefined);
}

/** The AI SDK model for the settings, or why it cannot be built (a missing key). */
function languageModel(setup: LlmSetup): LanguageModel | string {
  const { settings, env } = setup;
  const envName = keyEnv(settings);
  const apiKey = envName ? env[envName] : undefined;
  if (envName && !apiKey) return `the API key variable ${envName} (agents.apiKeyEnv) is not set`;
  if (settings.provider === 'anthropic') {
    return createAnthropic({
      ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
      ...(apiKey ? { apiKey } : {}),
    }).languageModel(settings.model);
  }
  return createOpenAICompatible({
    name: 'openai-compatible',
    baseURL: settings.baseUrl ?? '',
    ...(apiKey ? { apiKey } : {}),
    supportsStructuredOutputs: true,
  }).chatModel(settings.model);
}

function clipText(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A precise, single-line reason for an AI SDK error; `mask` hides secrets before anything is clipped. */
function describeError(err: unknown, mask: (text: string) => string): string {
  const clip = (text: string, max?: number) => clipText(mask(text), max);
  if (RetryError.isInstance(err)) {
    const last = describeError(err.lastError, mask);
    return `${last} (${err.errors.length} attempts)`;
  }
  if (APICallError.isInstance(err)) {
    if (err.statusCode !== undefined) {
      const body = err.responseBody ? `: ${clip(err.responseBody)}` : '';
      return `HTTP ${err.statusCode} from ${mask(err.url)}${body}`;
    }
    const cause = err.cause instanceof Error ? err.cause.message : err.message;
    return `cannot reach ${mask(err.url)}: ${clip(cause)}`;
  }
  if (NoObjectGeneratedError.isInstance(err)) {
    const text = err.text === undefined ? '' : ` (it answered ${JSON.stringify(clip(err.text, 120))})`;
    if (JSONParseError.isInstance(err.cause)) return `the answer is not JSON${text}`;
    if (TypeValidationError.isInstance(err.cause)) return `the answer does not match the schema${text}`;
    return `no structured answer: ${clip(err.message)}${text}`;
  }
  if (NoOutputGeneratedError.isInstance(err)) return `the model gave no answer: ${clip(err.message)}`;
  return clip(err instanceof Error ? err.message : String(err));
}

/**
 * The text with the API key masked: a failure's reason is stored with the decision and shown in
 * review, and some providers echo the key they refused in the error body.
 */
function withoutKey(text: string, setup: LlmSetup): string {
  const envName = keyEnv(setup.settings);
  const key = envName ? setup.env[envName] : undefined;
  return key && key.length >= 4 ? text.split(key).join('***') : text;
}

function usedTokens(u: LanguageModelUsage | undefined): number {
  if (!u) return 0;
  return u.totalTokens ?? (u.inputTokens ?? 0) + (u.outputTokens ?? 0);
}

/** Appended to a task's instructions: the answer shape in words, for models that read the schema loosely. */
const ANSWER_FORMAT =
  'Answer with a JSON object: "answer" holds the answer in the required shape, "confidence" how sure ' +
  'you are from 0 to 1, and "reasoning" why, in one or two sentences that cite the input.';

/**
 * Asks an LLM through the Vercel AI SDK with structured output: the task's instructions as the system
 * prompt, the input as JSON, the answer schema as the response format. Never throws: a timeout,
 * an HTTP or connection error, a missing key or an answer that is not JSON comes back as a reason.
 */
export async function askLlm<I, O>(
  setup: LlmSetup,
  task: AgentTask<I, O>,
  input: I,
): Promise<ProviderOutcome> {
  const model = languageModel(setup);
  if (typeof model === 'string') return { ok: false, reason: model, tokens: 0 };
  const { settings } = setup;
  const timeoutMs = settings.timeoutMs ?? AGENT_DEFAULTS.timeoutMs;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const result = await generateText({
      model,
      system: `${task.instructions}\n\n${ANSWER_FORMAT}`,
      prompt: `Input (JSON):\n${JSON.stringify(input)}`,
      output: Output.object({
        schema: jsonSchema<unknown>(modelSchema(task)),
        name: task.name.replace(/[^\w-]/g, '_').slice(0, 64),
      }),
      maxRetries: settings.maxRetries ?? AGENT_DEFAULTS.maxRetries,
      maxOutputTokens: settings.maxOutputTokens ?? AGENT_DEFAULTS.maxOutputTokens,
      abortSignal: signal,
      providerOptions: { openaiCompatible: { strictJsonSchema: false } },
    });
    return {
      ok: true,
      raw: result.output,
      tokens: usedTokens(result.totalUsage),
      model: result.response.modelId || settings.model,
    };
  } catch (err) {
    const tokens = NoObjectGeneratedError.isInstance(err) ? usedTokens(err.usage) : 0;
    if (signal.aborted)
      return { ok: false, reason: `no answer within ${timeoutMs} ms (agents.timeoutMs)`, tokens };
    return { ok: false, reason: describeError(err, (text) => withoutKey(text, setup)), tokens };
  }
}
