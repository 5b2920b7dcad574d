/**
 * One Drover app instance as its own process, for the chaos benchmark to SIGKILL: started with
 * `node --import tsx bench/chaos/app-process.ts` (bench/chaos/app-processes.ts), configured by
 * environment (DROVER_CHAOS_BASE_URL, APP_ID, PRIVATE_KEY, WEBHOOK_SECRET), it prints
 * `ready <webhook url>` once it listens and runs until it is killed, or until its stdin closes
 * (the benchmark that started it is gone: never outlive it). Nothing in it survives a kill but
 * what it wrote to GitHub.
 */
import { startApp } from '../../app/start-app.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

const app = await startApp({
  appId: Number(required('APP_ID')),
  privateKey: required('PRIVATE_KEY'),
  webhookSecret: required('WEBHOOK_SECRET'),
  baseUrl: required('DROVER_CHAOS_BASE_URL'),
  port: 0,
  log: process.env.DROVER_CHAOS_APP_LOG === 'info' ? 'info' : 'silent',
  throttleWrites: false,
  scheduler: { quietMs: 50, maxDelayMs: 500, backoffMs: 200, maxBackoffMs: 2000 },
  // Short, so a pass the faults failed, or a webhook that was dropped, is made up for quickly.
  resyncMinutes: 0.25,
});
process.stdout.write(`ready ${app.webhookUrl}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
