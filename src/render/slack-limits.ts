/** Slack's Block Kit and chat.postMessage limits (api.slack.com/reference/block-kit). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  /** A section's or context element's `text` object. */
  sectionText: 3000,
  contextElements: 10,
  /** `text` is the notification and fallback; Slack truncates it well before its 40,000 maximum. */
  fallbackText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  imageAltText: 2000,
} as const;
