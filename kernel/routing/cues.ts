/**
 * Language cues the feature extractor looks for. They describe kinds of work in general terms
 * ("summarise", "root cause", "contract"), never particular tasks, so that they carry over to
 * text the router has not seen. Each cue has a name so a decision can say which ones matched.
 */
import type { DeterministicHandler, TaskType } from "./types.js";

export interface Cue {
  name: string;
  pattern: RegExp;
}

const cue = (name: string, pattern: RegExp): Cue => ({ name, pattern });

/**
 * Whole-message patterns a deterministic handler answers. Anchored at both ends on purpose: a
 * message that asks for anything more than the handler does must reach a model.
 */
export const DETERMINISTIC_PATTERNS: Record<DeterministicHandler, RegExp[]> = {
  health_check: [
    /^(ping|health ?check|status check|uptime|heartbeat)[?!. ]*$/i,
    /^(are|r) (you|u) (up|alive|there|online|working|awake)[?!. ]*$/i,
    /^is (the |our )?(bot|agent|assistant|system|service|api|server|site|website|queue|worker)s? (up|down|online|alive|running|working)( right now| now)?[?!. ]*$/i,
  ],
  status_query: [
    /^(what('s| is)|check|show( me)?|get|any update on|update on)? ?(the )?(current )?status (of|on|for) (the )?(task|ticket|order|invoice|deal|job|pr|pull request|deploy(ment)?|issue|shipment|payment|quote|proposal|request|case)\s*#?[\w-]*\d[\w-]*[?!. ]*$/i,
    /^(has|is|was) (invoice|order|payment|ticket|task|pr|deal|quote|shipment)\s*#?[\w-]*\d[\w-]*( been)? (paid|shipped|closed|merged|done|delivered|approved|signed|resolved|sent)( yet)?[?!. ]*$/i,
    /^where('s| is) (my |our |the )?(order|shipment|parcel|package|delivery)\s*#?[\w-]*\d[\w-]*[?!. ]*$/i,
  ],
  task_list: [
    /^(list|show|what are|give me)( me)? (all |my |our |the )*(open |pending |overdue |outstanding |today'?s |current )*(tasks|todos|to-dos|tickets|reminders|assignments|action items)( for (today|this week|me))?[?!. ]*$/i,
    /^what('s| is) on my (plate|list|agenda)( today| this week)?[?!. ]*$/i,
  ],
  reminder: [
    /^remind (me|us|the team|@\w+) (to|about|that) [^.?!]{3,120} (at \d|on (mon|tue|wed|thu|fri|sat|sun)|tomorrow|tonight|next (week|month|mon|tue|wed|thu|fri)|in \d+ (min|minute|hour|day|week)s?|every (day|week|month|mon|tue|wed|thu|fri)|by (eod|end of day|friday|monday))[^.?!]{0,40}[.!]?$/i,
    /^(set|create|add) a reminder (for|to) [^.?!]{3,140}[.!]?$/i,
  ],
  acknowledgement: [
    /^(thanks|thank you|thx|ty|ok|okay|k|got it|great|cheers|perfect|noted|sounds good|will do|done|👍|🙏|✅)( (so much|a lot|again|!|everyone|team))*[!. ]*$/iu,
  ],
};

/** Cues for the kinds of work that need a model, with the tier each starts from. */
export const TASK_TYPE_CUES: { type: Exclude<TaskType, DeterministicHandler | "general">; cues: Cue[] }[] = [
  {
    type: "classification",
    cues: [
      cue("categorise", /\b(categori[sz]e|classify|tag|label|triage|sort (these|the|this)|bucket)\b/i),
      cue("sentiment", /\b(sentiment|is (this|it) (spam|phishing|urgent|a complaint))\b/i),
      cue("priority-pick", /\b(which (category|team|queue|department)|assign (it|this|them) to)\b/i),
    ],
  },
  {
    type: "extraction",
    cues: [
      cue("extract", /\b(extract|pull out|parse|capture)\b/i),
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
        /\b(reformat|convert .{1,40} (to|into) (a )?(table|csv|json|bullet|list|markdown)|turn .{1,40} into (a )?(table|list|bullet points)|fix (the )?(typos?|spelling|grammar)|proofread)\b/i,
      ),
    ],
  },
  {
    type: "translation",
    cues: [
      cue(
        "translate",
        /\b(translate|translation|in (german|french|spanish|italian|dutch|portuguese|polish|japanese))\b/i,
      ),
    ],
  },
  {
    type: "summarisation",
    cues: [cue("summarise", /\b(summari[sz]e|summary|tl;?dr|recap|digest|key points|gist)\b/i)],
  },
  {
    type: "drafting",
    cues: [
      cue(
        "draft",
        /\b(draft|write|compose|prepare|rewrite|reply|respond|answer)\b.{0,60}\b(email|e-mail|message|reply|response|post|newsletter|blog|article|copy|caption|announcement|note|letter|update|faq|description|headline|tweet|script|proposal|agenda|invite|invitation|follow-?up|thank-you|apology)\b/i,
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
      cue("how-many", /\b(how many|how much|total (of|for)|count of|sum of|number of)\b/i),
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
        /\b(implement|refactor|add (an? )?(endpoint|test|tests|migration|column|field|flag|route|feature|button)|write (a |the )?(function|script|unit tests?|migration|regex|cron job|test)|bump|upgrade (the )?(dependency|package|library|node))\b/i,
      ),
      cue(
        "code-noun",
        /\b(pull request|\bpr\b|codebase|repo(sitory)?|typescript|python|endpoint|api client|schema migration|lint|ci pipeline|dockerfile|webhook handler)\b/i,
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
      cue("analyse", /\b(analy[sz]e|analysis|investigate|diagnose|audit|assess|evaluate)\b/i),
      cue(
        "trend",
        /\b(trends?|cohorts?|churn|retention|correlat\w*|anomal\w*|outliers?|variance|drivers?|what drove|why did)\b/i,
      ),
      cue("compare", /\b(compare|comparison|benchmark against|versus|vs\.?)\b/i),
    ],
  },
  {
    type: "planning",
    cues: [
      cue(
        "plan",
        /\b(plan|roadmap|strategy|strategic|prioriti[sz]e|playbook|go-to-market|gtm|okrs?|budget for|design (a|the|our)|architecture|proposal for)\b/i,
      ),
    ],
  },
];

/** Cues of deep reasoning: several interacting factors, consequences, or an open design. */
export const DEEP_REASONING_CUES: Cue[] = [
  cue("root-cause", /\broot[- ]cause\b/i),
  cue("trade-offs", /\btrade-?offs?\b/i),
  cue("scenarios", /\b(scenarios?|what-if|sensitivity|monte carlo)\b/i),
  cue("forecast", /\b(forecast|projection|project (revenue|cash|demand))\b/i),
  cue("strategy", /\b(strategy|strategic|long-term|positioning)\b/i),
  cue("architecture", /\b(architecture|redesign|threat model|system design)\b/i),
  cue("negotiation", /\bnegotiat\w*\b/i),
  cue("implications", /\b(implications|consequences|second-order)\b/i),
  cue("post-mortem", /\bpost-?mortem\b/i),
  cue("due-diligence", /\bdue diligence\b/i),
];

/** Cues of multi-step reasoning: comparing, judging, explaining, or a chain of steps. */
export const MULTI_STEP_CUES: Cue[] = [
  cue("compare", /\b(compare|versus|vs\.?|pros and cons|which is better)\b/i),
  cue("explain-why", /\b(why|explain|justify|reasoning)\b/i),
  cue("recommend", /\b(recommend|suggest (what|how|which)|advise|should (we|i))\b/i),
  cue(
    "judge",
    /\b(prioriti[sz]e|evaluate|assess|review|investigate|reconcile|identify (the )?(risks?|gaps?|issues|anomalies|causes?))\b/i,
  ),
  cue("chain", /\b(and then|then (draft|send|update|create|email|post)|step[- ]by[- ]step|for each)\b/i),
];

/** Cues of high stakes: a wrong answer costs money, legal exposure, safety or trust. */
export const HIGH_STAKES_CUES: Cue[] = [
  cue(
    "legal",
    /\b(contract|legal|lawyer|lawsuit|litigation|liabilit\w+|indemn\w+|nda|terms of service|clause)\b/i,
  ),
  cue("compliance", /\b(gdpr|compliance|regulator\w*|hipaa|soc ?2|iso ?27001|data protection|dpa)\b/i),
  cue("tax", /\b(tax (return|filing|audit|strategy|liability)|vat return|transfer pricing)\b/i),
  cue("security", /\b(security incident|breach|vulnerabilit\w+|cve-\d+|compromised|ransomware|intrusion)\b/i),
  cue("people", /\b(payroll|terminat(e|ion) (an? )?(employee|contract)|dismissal|layoffs?|disciplinary)\b/i),
  cue(
    "investors",
    /\b(investors?|board (meeting|deck|report|update)|term sheet|fundrais\w+|valuation|cap table|acquisition|m&a)\b/i,
  ),
];

/** Cues that the requested output is short, which lets a small model do drafting well. */
export const BRIEF_OUTPUT_CUES: Cue[] = [
  cue(
    "brief",
    /\b(short|brief|quick|one-line|two-line|one-sentence|one sentence|a line|a few words|a sentence|two sentences|tweet)\b/i,
  ),
];
