export declare function stripJsonc(text: string): string;
export declare function readJsonc(path: string): unknown;
