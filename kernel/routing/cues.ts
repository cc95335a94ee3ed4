/**
 * Language cues the feature extractor looks for. They describe kinds of work in general terms
 * ("summarise", "root cause", "contract"), never particular tasks, so that they carry over to
 * text the router has not seen. Each cue has a name so a decision can say which ones matched.
 */
import type { DeterministicHandler, TaskType } from "./types";

export interface Cue {
  name: string;
  pattern: RegExp;
}

const cue = (name: string, pattern: RegExp): Cue => ({ name, pattern });

/** An identifier with at least one digit: "#4812", "INV-2291", "D-1142", "55812". */
const ID = String.raw`#?[\w-]*\d[\w-]*`;
const END = "[?!. ]*$";

/**
 * Whole-message patterns a deterministic handler answers. Anchored at both ends on purpose: a
 * message that asks for anything more than the handler does must reach a model.
 */
export const DETERMINISTIC_PATTERNS: Record<Exclude<DeterministicHandler, "acknowledgement">, RegExp[]> = {
  health_check: [
    new RegExp(`^(ping|health ?check|status check|uptime|heartbeat)${END}`, "i"),
    new RegExp(`^((are|r) )?(you|u) (up|alive|there|online|working|awake)${END}`, "i"),
    // Any named component ("is the crm sync up?", "is the backup job running?"): a probe answers it.
    new RegExp(
      `^is (the |our )?[a-z0-9][\\w-]*( [\\w-]+){0,2} (up|down|online|alive|running|working)( right now| now)?${END}`,
      "i",
    ),
  ],
  status_query: [
    new RegExp(
      `^(what('s| is)|check|show( me)?|get|any update on|update on)? ?(the )?(current )?status (of|on|for) (the )?([\\w-]+ ){0,2}${ID}${END}`,
      "i",
    ),
    new RegExp(
      `^(has|is|was) (the )?([\\p{L}\\w-]+ ){0,2}${ID}( been)? (paid|shipped|closed|merged|done|delivered|approved|signed|resolved|sent|deployed|cancell?ed|refunded|cleared|finished|completed|arrived)( yet)?${END}`,
      "iu",
    ),
    new RegExp(`^any (update|news) on (the )?([\\w-]+ ){0,2}${ID}${END}`, "i"),
    new RegExp(`^where('s| is) (my |our |the )?[\\w-]+ ${ID}( at)?${END}`, "i"),
    // "did Grünwald pay INV-3391?", "has deploy D-2210 gone out?"
    new RegExp(`^(did|has) ([\\p{L}\\w.&-]+ ){1,3}(pay|paid|sign|signed)( for)? ${ID}${END}`, "iu"),
    new RegExp(`^(has|is) (the )?[\\w-]+ ${ID} (gone out|gone live|live|out|through)( yet)?${END}`, "i"),
  ],
  task_list: [
    new RegExp(
      `^(list|show|what are|give me)( me)? (all |my |our |the )*(open |pending |overdue |outstanding |today'?s |current )*(tasks|todos|to-dos|tickets|assignments|action items)( for (today|this week|me))?${END}`,
      "i",
    ),
    new RegExp(`^what('s| is) on my (plate|list|agenda)( today| this week)?${END}`, "i"),
    new RegExp(
      `^(any|do (i|we) have any) (open |pending |overdue )?(tasks|todos|to-dos|follow[ -]?ups)( (for|due) (me|us|today)| today)*( on my list)?${END}`,
      "i",
    ),
  ],
  reminder: [
    /^remind (me|us|the team|@\w+) (to|about|that) [^.?!]{3,120} (at \d|on (mon|tue|wed|thu|fri|sat|sun|the \d)|tomorrow|tonight|next (week|month|mon|tue|wed|thu|fri)|in \d+ (min|minute|hour|day|week)s?|every (day|week|month|mon|tue|wed|thu|fri)|by (eod|end of day|friday|monday))[^.?!]{0,40}[.!]?$/i,
    /^(set|create|add) a reminder (for|to) [^.?!]{3,140}[.!]?$/i,
    // The time first ("remind me at 3 to ring the Ashworths back"); the handler checks the time.
    /^remind (me|us|the team|@\w+) (at \d|in \d|(on |next )?(today|tonight|tomorrow|mon|tue|wed|thu|fri|sat|sun))[^.?!]{0,30}? (to|about|that) [^.?!]{3,120}[.!]?$/i,
    // Listing and cancelling this chat's reminders (see REMINDER_LIST and REMINDER_CANCEL).
    /^(list|show|what are)( me)? (all |my |our |the )*(upcoming |active |pending )?reminders( in this chat| here)?[?!. ]*$/i,
    /^what reminders (do i|do we|are there)( have)?( set)?( in this chat| here)?[?!. ]*$/i,
    // Words of one reminder only: "… and email him" asks for more than a cancel, so a model takes it.
    /^(cancel|delete|remove|stop|clear) (the |my |our )?reminder (#?\d{1,3}|(about|to|for) (?!.*\b(and|then|also|but)\b)[^.?!,;]{2,60})[.!]?$/i,
    /^(cancel|delete|remove|clear) all (my |our |the )?reminders( in this chat| here)?[.!]?$/i,
  ],
};

/** Words that, on their own, only acknowledge: a message made only of them needs no model. */
export const ACKNOWLEDGEMENT_WORDS = new Set(
  "thanks thank you thx ty ta ok okay k got it great cheers perfect noted sounds good will do done a lot so much again all for today that's thats 👍 🙏 ✅ 🙌 nice super brilliant awesome lovely mate cool sorted appreciated".split(
    " ",
  ),
);

/** Phrases that only acknowledge as a whole ("thx, that fixed it"), though their words alone do not. */
export const ACKNOWLEDGEMENT_PHRASES =
  /\b(that('?s| is| was) (just )?what i needed|that (fixed|sorted|solved|did) it|that (works|helps|helped)|nice one|much appreciated|appreciate it|all good)\b/gi;

type ModelTaskType = Exclude<TaskType, DeterministicHandler | "general">;

/** Cues for the kinds of work that need a model; the base tier of each type is in features.ts. */
export const TASK_TYPE_CUES: { type: ModelTaskType; cues: Cue[] }[] = [
  {
    type: "classification",
    cues: [
      cue("categorise", /\b(categori[sz]e|classify|tag|label|triage|sort (these|the|this)|bucket)\b/i),
      cue("sentiment", /\b(sentiment|is (this|it)( \w+)? (spam|phishing|urgent|a complaint))\b/i),
      cue("this-or-that", /^(is|does) (this|it) [^.?!]{1,80}\bor\b[^.?!]{1,80}\?/i),
      cue(
        "priority-pick",
        /\b(which ([\w-]+ )?(category|team|queue|department)|assign (it|this|them) to)\b/i,
      ),
    ],
  },
  {
    type: "extraction",
    cues: [
      cue("extract", /\b(extract|pull out|parse|capture)\b|\bpull [^.]{1,40} out of\b/i),
      cue(
        "field-from",
        /\b(get|grab|read|find) the (amount|total|date|due date|iban|vat|invoice number|sku|address|email|phone)\b/i,
      ),
    ],
  },
  {
    type: "lookup",
    cues: [
      cue(
        "look-up",
        /\b(look ?up|find|fetch|check) (the |our |a |an )?([\w-]+ )?(contact|email|phone|address|owner|account|record|price|balance|stock|entry|customer|client|lead)\b/i,
      ),
      cue(
        "who-what-when",
        /^(who|what|when|which)('s| is| are| was) (the |our )?([\w-]+ )?(owner|contact|email|phone|price|balance|deadline|renewal|plan|stock)\b/i,
      ),
    ],
  },
  {
    type: "reformat",
    cues: [
      cue(
        "reformat",
        /\b(reformat|convert .{1,40} (to|into) (a |the )?(table|csv|json|yaml|bullet|list|markdown|equivalent)|turn .{1,40} into (a |an )?([\w-]+ )?(table|list|bullet list|bullet points|bullets|action items|csv|json|spreadsheet)|fix (the )?(typos?|spelling|grammar|formatting)|proofread)\b/i,
      ),
      cue("transform", /^(shorten|normali[sz]e|rename|convert|tidy|redact|format)\b/i),
    ],
  },
  { type: "translation", cues: [cue("translate", /\b(translate|translation)\b/i)] },
  {
    type: "summarisation",
    cues: [cue("summarise", /\b(summari[sz]e|summary|tl;?dr|recap|digest|key points|gist)\b/i)],
  },
  {
    type: "drafting",
    cues: [
      cue(
        "draft",
        /\b(draft|write|compose|prepare|rewrite|reply|respond|answer)\b.{0,60}\b(email|e-mail|message|reply|response|post|newsletter|blog|article|copy|caption|announcement|note|letter|update|faq|description|headline|tweet|script|proposal|agenda|invite|invitation|follow-?up|thank-you|apology|reminder)\b/i,
      ),
      cue(
        "write-copy",
        /\b(come up with|brainstorm|suggest) .{0,40}\b(subject lines?|headlines?|taglines?|names|ideas|captions?|hooks?)\b/i,
      ),
    ],
  },
  {
    type: "data_query",
    cues: [
      cue("sql", /\b(sql|query|queries)\b/i),
      // "phone number of" is a field, not a count.
      cue("how-many", /\b(how many|how much|total (of|for)|count of|sum of|(?<!phone )number of)\b/i),
      cue(
        "report",
        /\b(pull|export|generate|run|build) (a |the )?([\w-]+ ){0,3}(report|numbers|figures|list|breakdown|dashboard)\b/i,
      ),
    ],
  },
  {
    type: "code_change",
    cues: [
      cue(
        "code-verb",
        /\b(implement|refactor|add (an? )?(endpoint|test|tests|migration|column|field|flag|route|feature|button)|write (a |the )?(function|script|unit tests?|migration|regex|cron job|test)|bump|upgrade (the )?([\w-]+ )?(dependency|package|library|node|framework|sdk)|(from|to) the (old|new|maintained) [\w-]+ (library|framework|sdk))\b/i,
      ),
      cue(
        "code-noun",
        /\b(pull request|\bpr\b|codebase|repo(sitory)?|typescript|python|endpoint|api client|migration|handler|function|module|variable|regex|zod|lint|ci pipeline|dockerfile)\b/i,
      ),
    ],
  },
  {
    type: "debugging",
    cues: [
      cue(
        "debug",
        /\b(debug|stack ?trace|traceback|exception|crash(es|ing)?|flaky|failing (test|build|job|deploy)|segfault|memory leak|500s?|timeouts?|regression)\b/i,
      ),
    ],
  },
  {
    type: "analysis",
    cues: [
      // "audit" is left out: in these messages it is a noun ("audit log") far more often than a verb.
      cue("analyse", /\b(analy[sz]e|analysis|investigate|diagnose|assess|evaluate)\b/i),
      cue(
        "trend",
        /\b(trends?|cohorts?|churn|retention|correlat\w*|anomal\w*|outliers?|variance|patterns?( behind)?|(key |main |biggest )?drivers (of|behind)|(key|main|biggest) drivers?|what drove|why did)\b/i,
      ),
      cue("compare", /\b(compare|comparison|benchmark against|versus|vs\.?)\b/i),
      // Working a figure out from data ("work out the reorder points", "estimate the payback").
      cue(
        "work-out",
        /\b(work out|figure out|calculate|estimate|quantify|find out (which|what|where|how much))\b/i,
      ),
      // Weighing two explanations against the data ("whether it came from A or from B").
      cue("which-explanation", /\bwhether\b[^.?!]{3,80}\bor (from |by |because )?\b/i),
    ],
  },
  {
    type: "planning",
    cues: [
      cue(
        "plan",
        // "plan" as a product tier ("by plan", "on the Pro plan") is not planning.
        /\b((?<!(by|per|pro|each|which|the) )plan|roadmap|strategy|strategic|prioriti[sz]e|playbook|go-to-market|gtm|okrs?|budget for|design (a|the|our)|architecture|proposal for)\b/i,
      ),
    ],
  },
];

/** Cues of a single record change ("update the deal stage", "log this call"). */
export const RECORD_UPDATE_PATTERN =
  /^(update|add|log|record|mark|set(?! up)|move|assign|book|schedule|archive|close|tag)\b/i;
/** Words that turn one change into a bulk job that needs judgement about each item. */
export const BULK_SCOPE_PATTERN = /\b(every|all|each|per)\b/i;
/** A single short question answered by one tool call ("Which deals are closing this month?"). */
export const SHORT_QUESTION_PATTERN =
  /^(what|which|when|who|where|how many|how much|list|show)\b[^.?!]{0,90}\??$/i;

/** Cues of deep reasoning: several interacting factors, consequences, or an open design. */
export const DEEP_REASONING_CUES: Cue[] = [
  // Finding why something happened, however it is phrased ("find out why", "what is causing").
  cue("root-cause", /\b(root[- ]cause|(find|figure|work) out why|what('s| is| was) causing|what caused)\b/i),
  cue(
    "trade-offs",
    /\b(trade-?offs?|without (losing money|losing margin|hurting (the )?(margin|quality))|costs? (us )?the least|minimi[sz]e|optimi[sz]e)\b/i,
  ),
  cue("scenarios", /\b(scenarios?|what-if|sensitivity|monte carlo|(base|bad|worst|best)[- ]case)\b/i),
  cue("forecast", /\b(forecast|projection|project (revenue|cash|demand))\b/i),
  cue(
    "strategy",
    /\b(strategy|strategic|long-term|(re)?positioning|rebrand\w*|at what price|pric(e|ing) (level|point)s?|set (our|the) prices)\b/i,
  ),
  // "Assess our exposure", "does this expose us to …": the rubric's legal/tax/security exposure work.
  cue(
    "exposure",
    /\b(exposure|expos(e|es|ing) (us|the company|the business) to|what (they|someone|the attacker|it) (could|can) (reach|access|see))\b/i,
  ),
  cue(
    "architecture",
    /\b(architecture|redesign|threat model|system design|design how (we|to)|disaster recovery|failover|high availability|survives? (a |an )?([\w-]+ )?(outage|failure))\b/i,
  ),
  cue("negotiation", /\bnegotiat\w*\b/i),
  cue(
    "implications",
    /\b(implications|consequences|second-order|what (does|would) (that|this|it) mean for us|what happens to (our|the)|contingency|fallback)\b/i,
  ),
  cue("post-mortem", /\bpost-?mortem\b/i),
  cue("due-diligence", /\bdue diligence\b/i),
];

/** Cues of multi-step reasoning: comparing, judging, explaining, or a chain of steps. */
export const MULTI_STEP_CUES: Cue[] = [
  cue("compare", /\b(compare|versus|vs\.?|pros and cons|which is better)\b/i),
  cue("explain-why", /\b(why|explain|justify|reasoning)\b/i),
  cue("recommend", /\b(recommend|suggest (what|how|which)|advise|should (we|i))\b/i),
  // Reviewing material against known norms is bounded work…
  cue(
    "review",
    /\b((?<!-)review|(identify|list|flag|find) (the )?(risks?|gaps?|issues|anomalies|causes?))\b/i,
  ),
  // …assessing, investigating or deciding is open-ended: it is what makes high stakes frontier work.
  cue("assess", /\b(prioriti[sz]e|evaluate|assess|investigate|reconcile|decide (whether|if|which))\b/i),
  cue("multi-source", /\b(combine|cross-reference|across (the )?(services|systems|sources|tools|teams))\b/i),
  cue("chain", /\b(and then|then (draft|send|update|create|email|post)|step[- ]by[- ]step|for each)\b/i),
  // A change to live data at scale must be planned step by step (batches, locks, rollback).
  cue(
    "live-data",
    /\b(without (locking|downtime|breaking|losing)|zero[- ]downtime|backfill\w*|\d+(\.\d+)? million (rows|records|orders|users|customers|events))\b/i,
  ),
];

/** Cues of high stakes: a wrong answer costs money, legal exposure, safety or trust. */
export const HIGH_STAKES_CUES: Cue[] = [
  cue(
    "legal",
    /\b(contract|legal(ly)?|lawyer|lawsuit|litigation|liabilit\w+|indemn\w+|nda|msa|redlines?|terms of service|clauses?|obligations|exclusivity|exclusive (pricing|rights|supplier|partner\w*|contract)|non-compete|(what )?we are (legally )?allowed to)\b/i,
  ),
  cue(
    "compliance",
    /\b(gdpr|compliance|regulator\w*|hipaa|soc ?2|iso ?27001|data protection|dpa|(our|their) (client|customer) data)\b/i,
  ),
  // Someone hurt at work: legal duty, insurance and the inspectorate follow.
  cue("safety", /\b(injur(y|ies|ed)|(was|got|were) hurt|fatal\w*|fell from|fall from)\b/i),
  cue("tax", /\b(tax|taxes|vat return|transfer pricing|social security)\b/i),
  cue(
    "security",
    /\b(security incident|breach|vulnerabilit\w+|cve-\d+|compromised|ransomware|intrusion|injection|exploit\w*|stolen|data leak\w*|leak(ed|s)? data|unauthori[sz]ed (access|login)|(logged|logging) in(to [\w ]{1,30})? from (an )?unknown|suspicious (login|sign-in))\b/i,
  ),
  cue("people", /\b(payroll|terminat(e|ion) (an? )?(employee|contract)|dismissal|layoffs?|disciplinary)\b/i),
  cue(
    "investors",
    /\b(investors?|(the|our) board|board (meeting|deck|report|update)|(the|our) partners('|s)?( meeting)?|shareholders?|credit line|(the|our) bank('s)? (meeting|loan|covenants?|wants|asks)|loan application|term sheet|fundrais\w+|funding round|series [a-d]|valuation|cap table|acquisition|m&a)\b/i,
  ),
  cue("continuity", /\b(bankrupt\w*|insolven\w*)\b/i),
  // Trust: an upset customer or the public reading what we write.
  cue(
    "trust",
    /\b(unhappy|angry|upset|furious|frustrated|viral|public (response|statement|apology)|press statement|journalists?|threaten\w* to (leave|cancel|churn|sue|call the (authorities|police)|report us|go to the press))\b/i,
  ),
];

/** Cues that the requested output is short, which lets a small model do drafting well. */
export const BRIEF_OUTPUT_CUES: Cue[] = [
  cue(
    "brief",
    /\b((?<!(are|is|run|running|fall|falling) )short|brief|quick|one-line|two-line|one-sentence|one sentence|a line|a few words|a sentence|two sentences|tweet)\b/i,
  ),
  cue(
    "short-form",
    /\b(subject lines?|captions?|commit message|taglines?|headlines?|hashtags|alt texts?|names for|push notification|sms)\b/i,
  ),
];
