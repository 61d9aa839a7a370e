/** What a prompt gives back when the user pressed Esc to back out of it. */
export const BACK: unique symbol = Symbol('back');
export type Back = typeof BACK;
