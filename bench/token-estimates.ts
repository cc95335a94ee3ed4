import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encode as encodeCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { encode as encodeO200k } from "gpt-tokenizer/encoding/o200k_base";
import { estimateTokens, estimateTokensByCharacters } from "../kernel/context/tokens";
import { generateContextWorkload } from "./data/context-workload";
import { createRng } from "./data/context-workload-text";

/**
 * `npm run bench:tokens`: Cairn's token estimate against two real BPE encodings (OpenAI's cl100k_base
 * and o200k_base, through gpt-tokenizer, a dev dependency only) on text of every script a tenant
 * sends. The ratio estimate / real count should sit a little above 1 everywhere: under 1 means a
 * budget is overrun, far above 1 means budget is wasted.
 */

const dataDir = process.env.CAIRN_SHARED_DATA ?? join(import.meta.dirname, "..", "..", "shared", "data");
const rng = createRng(7);
const hex = (n: number) =>
  Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(rng() * 16)]).join("");

const samples: Record<string, string[]> = {
  "English chat (generated workload)": generateContextWorkload(20_260_105)
    .workload.events.slice(0, 400)
    .map((e) => e.item.text),
  Chinese: [
    "会议改到下周三下午三点，请大家准时参加。",
    "发票INV-2041的金额已经更新为四千三百元，请财务部门确认。",
    "客户说上个月的付款已经完成了，但是我们还没有收到银行的通知。",
    "项目负责人换成了王小明，他下周一开始接手。",
  ],
  Japanese: [
    "明日の打ち合わせは午後二時からに変更になりました。",
    "請求書の支払い期限を来週の金曜日まで延長できますか？",
    "新しいデザイン案を共有フォルダにアップロードしました。ご確認ください。",
  ],
  Korean: [
    "내일 회의는 오후 두 시로 변경되었습니다.",
    "청구서 금액을 다시 확인해 주실 수 있나요?",
    "프로젝트 마감일이 다음 주 금요일로 연기되었습니다.",
  ],
  "hex ids and hashes": Array.from({ length: 40 }, (_, i) =>
    i % 2
      ? `commit ${hex(40)} fixes the build`
      : `request id ${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
  ),
  emoji: ["🎉🎉 shipped!", "👍", "Thanks ❤️🙏", "👨‍👩‍👧‍👦 family trip 🚗🏖️", "🔥🔥🔥", "ok 😂😂"],
  "Cyrillic, Greek, Arabic, accented Latin": [
    "Счёт оплачен, спасибо за быструю работу.",
    "Η προθεσμία μετατέθηκε για την επόμενη Παρασκευή.",
    "تم تحديث المبلغ المستحق في الفاتورة.",
    "La réunion est déplacée à jeudi après-midi, ça vous va ?",
  ],
};
const locomo = join(dataDir, "locomo-dev", "messages.jsonl");
if (existsSync(locomo)) {
  samples["English chat (LoCoMo dev, first 600 messages)"] = readFileSync(locomo, "utf8")
    .split("\n")
    .filter(Boolean)
    .slice(0, 600)
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

interface Row {
  set: string;
  texts: number;
  cl100k: number;
  o200k: number;
  estimate: number;
  byCharacters: number;
  worstPieceRatio: number;
}
const rows: Row[] = Object.entries(samples).map(([set, texts]) => {
  const sum = (f: (t: string) => number) => texts.reduce((s, t) => s + f(t), 0);
  const real = (t: string) => Math.max(encodeCl100k(t).length, encodeO200k(t).length);
  return {
    set,
    texts: texts.length,
    cl100k: sum((t) => encodeCl100k(t).length),
    o200k: sum((t) => encodeO200k(t).length),
    estimate: sum(estimateTokens),
    byCharacters: sum(estimateTokensByCharacters),
    worstPieceRatio: Math.min(...texts.map((t) => estimateTokens(t) / real(t))),
  };
});

const r2 = (x: number) => x.toFixed(2);
const table = rows
  .map((r) => {
    const worst = Math.max(r.cl100k, r.o200k);
    return `| ${r.set} | ${r.texts} | ${r.cl100k} | ${r.o200k} | ${r.estimate} (${r2(r.estimate / worst)}×) | ${r.byCharacters} (${r2(r.byCharacters / worst)}×) | ${r2(r.worstPieceRatio)} |`;
  })
  .join("\n");
const markdown = `# Token estimates against real tokenizers

\`npm run bench:tokens\` · \`estimateTokens\` (kernel/context/tokens.ts) against OpenAI's cl100k_base and o200k_base encodings (gpt-tokenizer, dev dependency). Ratios are to the larger of the two real counts; above 1 is pessimistic (safe for a budget), under 1 overruns it.

| text | pieces | cl100k | o200k | estimate (ratio) | old chars/4 (ratio) | lowest single-piece ratio |
|---|---|---|---|---|---|---|
${table}
`;
writeFileSync(join(import.meta.dirname, "results", "token-estimates.md"), markdown);
console.log(markdown);
