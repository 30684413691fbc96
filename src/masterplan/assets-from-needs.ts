/**
 * Until models carry an assets table, the treatment capacity of needs.csv stands for one
 * treatment works per municipality and service. This lets the stage run on today's models; the
 * refactor that adds assets.csv removes the need for it.
 */
import type { AssetType, BulkAsset } from './types.js';

/** The part of a need row this reads (structurally `ServiceNeed` of the Dataset). */
export interface NeedCapacity {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: string;
  /** Existing treatment capacity, Ml/day, or null when not known. */
  readonly treatmentCapacityMlPerDay: number | null;
  /** True when the row's figures were generated. */
  readonly illustrative: boolean;
  /** Spreadsheet row of the needs row, when loaded from a file. */
  readonly sourceRow?: number;
}

/**
 * One treatment asset per need with a known capacity, of the type given for its service (e.g.
 * water → water_treatment_works, sanitation → wastewater_treatment_works). Needs of services
 * without a type, or without a capacity, give no asset. Ids are `<code>-<service>-treatment`.
 */
export function assetsFromNeeds(needs: readonly NeedCapacity[], treatmentAssetTypeByService: Readonly<Record<string, AssetType>>): BulkAsset[] {
  return needs.flatMap((need): BulkAsset[] => {
    const assetType = treatmentAssetTypeByService[need.service];
    if (assetType === undefined || need.treatmentCapacityMlPerDay === null) return [];
    return [
      {
        id: `${need.municipalityCode}-${need.service}-treatment`,
        municipalityCode: need.municipalityCode,
        service: need.service,
        assetType,
        capacity: need.treatmentCapacityMlPerDay,
        capacityUnit: assetType === 'reservoir_storage' ? 'Ml' : 'Ml/day',
        yearBuilt: null,
        remainingLifeYears: null,
        lengthKm: null,
        sourceArrangement: null,
        illustrative: need.illustrative,
        // A problem with this works is one of the needs row its capacity came from.
        ...(need.sourceRow !== undefined ? { source: { table: 'needs' as const, row: need.sourceRow } } : {}),
      },
    ];
  });
}
