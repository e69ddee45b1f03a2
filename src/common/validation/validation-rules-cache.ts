import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Rules = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;

const installed = new WeakSet<MetadataStorage>();

/**
 * class-validator looks up a class's rules on every validation by filtering every rule registered and
 * testing every registered class for inheritance, then groups them by property: ~20 µs of each
 * BuyPhoneNumber. The rules only change when a decorator registers one, so the lookups are remembered
 * per class and options, and forgotten whenever a rule is added. The arrays handed out
 * are the ones class-validator built; it only reads them.
 */
export function cacheValidationRuleLookups(storage: MetadataStorage = getMetadataStorage()): void {
  if (installed.has(storage)) return;
  installed.add(storage);
  let lookups = new WeakMap<object, Map<string, Rules>>();
  const grouped = new WeakMap<Rules, Grouped>();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const groupByPropertyName = storage.groupByPropertyName.bind(storage);
  const addValidationMetadata = storage.addValidationMetadata.bind(storage);

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    let forTarget = lookups.get(target);
    if (!forTarget) lookups.set(target, (forTarget = new Map<string, Rules>()));
    const options = `${schema}|${always}|${strictGroups}|${groups?.join(',') ?? ''}`;
    let rules = forTarget.get(options);
    if (!rules) forTarget.set(options, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.groupByPropertyName = (rules) => {
    let byProperty = grouped.get(rules);
    if (!byProperty) grouped.set(rules, (byProperty = groupByPropertyName(rules)));
    return byProperty;
  };
  storage.addValidationMetadata = (metadata) => {
    lookups = new WeakMap();
    addValidationMetadata(metadata);
  };
}
