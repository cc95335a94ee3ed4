/**
 * The just-bash AST types the analyser needs. just-bash exports only the top-level node
 * types from its package entry, so the rest are derived from those here, in one place.
 */
import type { ScriptNode, SimpleCommandNode, StatementNode, WordNode } from "just-bash";

export type { ScriptNode, SimpleCommandNode, StatementNode, WordNode };
export type WordPart = WordNode["parts"][number];
export type BraceItem = Extract<WordPart, { type: "BraceExpansion" }>["items"][number];
export type RedirectionNode = SimpleCommandNode["redirections"][number];
export type AssignmentNode = SimpleCommandNode["assignments"][number];
