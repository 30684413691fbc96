/**
 * Who owns a project. Register rows carry an owner (projects.csv `owner_sphere`, `owner_name`) so
 * that municipal IDP priorities and provincial and national departments' plans can stand in one
 * plan per district (the District Development Model's One Plan) without being counted twice. A
 * model written before the columns existed reads as every project its own municipality's.
 */
import type { Dataset, Municipality, OwnerSphere, Project, ProjectOwner } from './types.js';

/** The owner of a project without one: its municipality, in the municipal sphere (the name, or the code when the municipality is unknown). */
export function defaultOwner(municipalityCode: string, municipalityName: string | undefined): ProjectOwner {
  return { sphere: 'municipal', name: municipalityName ?? municipalityCode };
}

/** The owner of a project: its own, else the default. */
export function ownerOf(project: Project, municipalities: Dataset['municipalities'] | readonly Municipality[] | undefined): ProjectOwner {
  if (project.owner !== undefined) return project.owner;
  return defaultOwner(project.municipalityCode, municipalities?.find((municipality) => municipality.code === project.municipalityCode)?.name);
}

/** One text for an owner, e.g. `provincial: Human Settlements`. */
export function ownerLabel(owner: ProjectOwner): string {
  return `${owner.sphere}: ${owner.name}`;
}

/** True when two owners are the same sphere and department or municipality (names compared ignoring case and spacing). */
export function sameOwner(first: ProjectOwner, second: ProjectOwner): boolean {
  const key = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();
  return first.sphere === second.sphere && key(first.name) === key(second.name);
}

/** Spheres in the order a One Plan lists them: the municipality's own first, then provincial, then national. */
export const SPHERE_ORDER: readonly OwnerSphere[] = ['municipal', 'provincial', 'national'];
