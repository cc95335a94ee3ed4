/**
 * The base of Cairn's Durable Objects: what every object does before its first call, whichever
 * isolate it lands in (in production an object does not share its isolate with the Worker).
 */
import { DurableObject } from "cloudflare:workers";
import { configureLogging } from "../kernel/log";

export class CairnObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    configureLogging(env);
  }
}
