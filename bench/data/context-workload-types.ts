/** The shapes the context workload generator and its directory and question makers share. */
import type { EntityKind } from "../../kernel/context/threads";

export interface DirectoryEntity {
  entityId: string;
  kind: EntityKind;
  name: string;
  aliases: string[];
  /** The client an invoice or project belongs to. */
  clientId?: string;
  /** Email addresses known to belong to a client (the CRM's contacts). */
  contacts: string[];
}

export interface RequiredFact {
  subjectId: string;
  attribute: string;
  value: string;
}
