/**
 * A project's description on the project tables (Funded projects, Deferred projects), where the
 * Municipality column stands beside it: the master plan's descriptions start with the
 * municipality's name ("Drakenstein: bulk reservoir (+8 Ml storage), needed from 2034/35"), which
 * said twice on a row costs the Deferred projects sheet about half a printed page.
 */

/**
 * The description without a leading `<municipality name>: ` (its first letter then in capitals);
 * any other description as it is. The Input projects sheet keeps the register's full text.
 */
export function descriptionBesideMunicipality(description: string, municipalityName: string | undefined): string {
  if (municipalityName === undefined || municipalityName === '') return description;
  const prefix = `${municipalityName}: `;
  if (!description.startsWith(prefix) || description.length === prefix.length) return description;
  const rest = description.slice(prefix.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
