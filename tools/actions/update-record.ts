/** `update_record`: set one field of an entity's CRM-style record; the inverse restores the old value. */
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { requireServices, type Snapshot, type Tool } from "../types";

const Json: z.ZodType<Snapshot> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(Json), z.record(z.string(), Json)]),
);

const UpdateRecordInput = z.strictObject({
  entityId: z.string().regex(/^[a-z]+_[a-z0-9_]+$/, "an entity id such as ent_..."),
  field: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "a field name: letters, digits, underscores"),
  value: Json,
});
type UpdateRecordInput = z.infer<typeof UpdateRecordInput>;

const RecordSnapshot = z.object({ had: z.boolean(), previous: z.unknown(), versionAfter: z.number() });

export const updateRecordTool: Tool<UpdateRecordInput> = {
  name: "update_record",
  description: "Set one field of a client's (or other entity's) record, e.g. its billing email.",
  input: UpdateRecordInput,
  risk: "medium",
  reversible: true,
  actions: (_input, context) => [{ kind: "tool", agentId: context.agentId, tool: "record" }],
  describe: (input) =>
    `set ${input.field} of ${input.entityId} to ${JSON.stringify(input.value).slice(0, 80)}`,
  subject: (input) => ({ target: `record:${input.entityId}`, entityRefs: [input.entityId] }),
  async snapshot(input, context) {
    const entity = await requireServices(context, "update_record").records.get(input.entityId);
    if (!entity) return null;
    const had = Object.hasOwn(entity.data, input.field);
    return {
      had,
      previous: had ? (entity.data[input.field] as Snapshot) : null,
      versionAfter: entity.version + 1,
    };
  },
  async execute(input, context) {
    const records = requireServices(context, "update_record").records;
    const entity = await records.get(input.entityId);
    if (!entity) return { ok: false, output: `no entity ${input.entityId}` };
    if (isDeepStrictEqual(entity.data[input.field], input.value))
      return { ok: true, output: `${entity.name}: ${input.field} already has this value` };
    const written = await records.put(input.entityId, entity.version, {
      ...entity.data,
      [input.field]: input.value,
    });
    return written
      ? { ok: true, output: `${entity.name}: ${input.field} = ${JSON.stringify(input.value)}` }
      : { ok: false, output: `${entity.name} changed meanwhile; try again` };
  },
  async inverse(input, snapshot, context) {
    const parsed = RecordSnapshot.safeParse(snapshot);
    if (!parsed.success) return { ok: false, output: "nothing was recorded to restore" };
    const records = requireServices(context, "update_record").records;
    const entity = await records.get(input.entityId);
    if (!entity) return { ok: false, output: `entity ${input.entityId} no longer exists` };
    if (entity.version !== parsed.data.versionAfter)
      return { ok: false, output: `${entity.name} was changed by someone else since; not restored` };
    const data = { ...entity.data };
    if (parsed.data.had) data[input.field] = parsed.data.previous;
    else delete data[input.field];
    const written = await records.put(input.entityId, entity.version, data);
    return written
      ? { ok: true, output: `${entity.name}: ${input.field} restored` }
      : { ok: false, output: `${entity.name} changed while restoring` };
  },
};
