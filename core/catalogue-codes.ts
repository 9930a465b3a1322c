/**
 * Codes of municipalities, providers and services. The source's table gives `A-a1-0001`
 * (municipality A, provider a1, service 0001) and leaves the number of digits open
 * (「桁数については別途検討」); we keep its shape with ASCII letters so codes are safe in URLs and
 * logs (図書館β1 becomes provider `beta1`).
 */
export const MUNICIPALITY_CODE_PATTERN = /^[A-Za-z0-9]{1,8}$/;
export const PROVIDER_CODE_PATTERN = /^[a-z0-9]{1,16}$/;
export const SERVICE_CODE_PATTERN = /^([A-Za-z0-9]{1,8})-([a-z0-9]{1,16})-([0-9]{4})$/;

/** A service's code must name the provider (and its municipality) that offers it. */
export function serviceCodeBelongsTo(
  serviceCode: string,
  municipalityCode: string,
  providerCode: string,
): boolean {
  const match = SERVICE_CODE_PATTERN.exec(serviceCode);
  return match !== null && match[1] === municipalityCode && match[2] === providerCode;
}

/**
 * A service ID is whatever the provider's own system uses: a point-card number, an NW-7 library
 * card number, a FeliCa IDm in hex. Printable ASCII without spaces keeps it safe to hand over.
 */
export const SERVICE_ID_PATTERN = /^[\x21-\x7E]{1,64}$/;
