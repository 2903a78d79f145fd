export function bareCsv(data: Uint8Array): void;
export function bareXml(data: Uint8Array): number;
