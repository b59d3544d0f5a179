/**
 * The contract between the edge and an internet-facing app tier for the secret origin header: CloudFront adds the
 * header with the secret's value to every request, and the load balancer's listener rule forwards only requests that
 * carry it. Kept here once, so that EdgeDistribution (LoadBalancerOriginAccess.secretHeader) and WebAppTier
 * (WebAppTier.ORIGIN_SECRET_HEADER) agree.
 */

/** The request header that carries the origin secret. */
export const ORIGIN_SECRET_HEADER = 'X-Origin-Verify';
