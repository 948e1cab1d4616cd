/** Currencies the payment API accepts (ISO 4217), shared by the handler and the API model. */
export const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF"] as const;
export type Currency = (typeof CURRENCIES)[number];
