/**
 * Admission limits that differ by provider. A stop-gap table: the provider-profile work moves it
 * into the profiles (reference clouds.md C-02).
 */
export interface ProviderLimits {
  readonly servicesPerNamespace?: number;
}

export const PROVIDER_LIMITS: Readonly<Record<string, ProviderLimits>> = {
  cce: { servicesPerNamespace: 6000 },
};

export function limitsOf(provider: string): ProviderLimits {
  return PROVIDER_LIMITS[provider] ?? {};
}
