import type { Transporter } from 'nodemailer';
import { RevloopsError } from '../kernel/index.js';
import { type Db, getRecord } from '../store/index.js';
import { type ChannelsConfig, readSecret, type SecretEnv } from '../workspace/channels-config.js';
import { HTTP_TIMEOUT_MS } from './http-post.js';
import { messageText, messageTitle, type OutboxMessage, type Transport } from './outbox-message.js';

/** The email settings of a parsed channels block. */
export type EmailConfig = NonNullable<ChannelsConfig['email']>;

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The address a recipient means: itself when it is an address, else the email of the user with that id. */
async function resolveEmailAddress(db: Db, recipient: string): Promise<string> {
  if (ADDRESS.test(recipient)) return recipient;
  const user = await getRecord(db, 'user', recipient);
  const email = user?.values.email;
  if (typeof email === 'string' && ADDRESS.test(email)) return email;
  throw new RevloopsError(
    'CONTRACT_VIOLATION',
    user
      ? `recipient ${recipient} is a user without a valid email`
      : `recipient ${recipient} is neither an email address nor a user id`,
  );
}

/** The subject line: `[revloops] <title>`. */
function emailSubject(message: OutboxMessage): string {
  return `[revloops] ${messageTitle(message)}`;
}

/**
 * Sends each message as a plain-text email over SMTP with nodemailer; one connection per delivery
 * pass. nodemailer loads with the first email, not with every command.
 */
export function emailTransport(config: EmailConfig, env: SecretEnv): Transport {
  // One connection per pass: sends that start together share the mailer being opened.
  let mailer: Promise<Transporter> | undefined;
  const build = async (): Promise<Transporter> => {
    const auth =
      config.userEnv && config.passEnv
        ? {
            user: readSecret(env, config.userEnv, 'channels.email.userEnv'),
            pass: readSecret(env, config.passEnv, 'channels.email.passEnv'),
          }
        : undefined;
    const { createTransport } = await import('nodemailer');
    return createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(auth ? { auth } : {}),
      connectionTimeout: HTTP_TIMEOUT_MS,
      greetingTimeout: HTTP_TIMEOUT_MS,
      socketTimeout: 2 * HTTP_TIMEOUT_MS,
    });
  };
  const open = (): Promise<Transporter> => {
    mailer ??= build().catch((err: unknown) => {
      // A missing secret fails this send; the next one tries again.
      mailer = undefined;
      throw err;
    });
    return mailer;
  };
  return {
    kind: 'email',
    async send(message, ctx) {
      const to = await resolveEmailAddress(ctx.db, message.recipient);
      const text = `${messageText(message)}\n\n--\nSent by revloops for decision ${message.decisionId}.\n`;
      await (await open()).sendMail({
        from: config.from,
        to,
        subject: emailSubject(message),
        text,
        // A stable Message-ID lets mail systems drop a copy sent again after a crash.
        messageId: `<${message.id}@revloops>`,
        headers: { 'X-Revloops-Outbox-Id': message.id, 'X-Revloops-Decision-Id': message.decisionId },
      });
    },
    async close() {
      const opened = mailer;
      mailer = undefined;
      (await opened?.catch(() => undefined))?.close();
    },
  };
}
