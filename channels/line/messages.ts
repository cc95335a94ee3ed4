/**
 * Cairn's payloads as LINE message objects (Messaging API reference, "Message objects"): plain
 * text (at most 5,000 characters), or, when the payload has buttons, a Flex Message bubble with
 * the text in its body and one postback button per choice in its footer; a press comes back as a
 * postback event carrying the button's data.
 */
import type { Button } from "../message";

export const LINE_TEXT_LIMIT = 5000;
/** altText (shown in notifications and the chat list) is limited to 400 characters. */
const ALT_TEXT_LIMIT = 400;
/** A postback action's label is limited to 20 characters, its data to 300. */
const LABEL_LIMIT = 20;
const DATA_LIMIT = 300;

export type LineMessage =
  | { type: "text"; text: string }
  | { type: "flex"; altText: string; contents: unknown };

function postbackButton(button: Button) {
  const style = button.data.endsWith(":a") ? "primary" : "secondary";
  return {
    type: "button",
    style,
    action: {
      type: "postback",
      label: button.text.slice(0, LABEL_LIMIT),
      data: button.data.slice(0, DATA_LIMIT),
      // The press shows in the chat as the person's own words, so others see who decided.
      displayText: button.text.slice(0, LABEL_LIMIT),
    },
  };
}

export function lineMessage(text: string, buttons: Button[][] | undefined): LineMessage {
  const body = text.slice(0, LINE_TEXT_LIMIT) || " ";
  const rows = (buttons ?? []).filter((row) => row.length > 0);
  if (rows.length === 0) return { type: "text", text: body };
  return {
    type: "flex",
    altText: body.slice(0, ALT_TEXT_LIMIT),
    contents: {
      type: "bubble",
      body: {
        type: "box",
        layout: "vertical",
        contents: [{ type: "text", text: body, wrap: true }],
      },
      footer: {
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: rows.map((row) => ({
          type: "box",
          layout: "horizontal",
          spacing: "sm",
          contents: row.map(postbackButton),
        })),
      },
    },
  };
}
