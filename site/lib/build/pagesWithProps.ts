/** The props scripts each page (one Request per rendered page) already carries, so shared props go once per page. */
export const pagesWithProps = new WeakMap<Request, Set<string>>();
