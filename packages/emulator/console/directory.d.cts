/** The directory holding the console's files. */
export declare const directory: string
