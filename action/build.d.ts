/** Types of action/build.js (the bundler of the two actions), for the TypeScript that imports it. */
export declare const BUNDLES: ReadonlyArray<{ entry: string; outfile: string }>;
export declare function bundle(entry: string, outfile: string): Promise<void>;
