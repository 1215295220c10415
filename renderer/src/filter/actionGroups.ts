// Actions grouped under their category label, for the Action picker.
import { CATEGORIES, CATEGORY_LABELS, categoryOf, type Category } from '../../../shared/categories';

export interface ActionOption {
  action: string;
  category: Category;
  group: string;
}

/** Options sorted by category (in the platform's order) then action, each labelled with its group. */
export function actionOptions(actions: { action: string; category: string }[]): ActionOption[] {
  const order = (c: Category) => CATEGORIES.indexOf(c);
  return actions
    .map(({ action, category }) => {
      const cat = ((CATEGORIES as readonly string[]).includes(category) ? category : categoryOf(action)) as Category;
      return { action, category: cat, group: CATEGORY_LABELS[cat] };
    })
    .sort((a, b) => order(a.category) - order(b.category) || a.action.localeCompare(b.action));
}
