import { useEffect } from 'react';
import { manualAccess, manualErrors, type ManualValues } from '../lib/setupInput';
import { useDebounced } from './useDebounced';
import { usePrivateCall } from './usePrivateCall';

export const MANUAL_CHECK_DELAY_MS = 500;

/** Checks the pasted Access application values as they are typed (after a pause): the core fetches the discovery
 * document and answers with the issuer it found. Only complete, well-formed values are checked. */
export function useManualAccessCheck(values: ManualValues) {
  const check = usePrivateCall('manual_access_check');
  const { run, reset } = check;
  const clientId = useDebounced(values.clientId, MANUAL_CHECK_DELAY_MS);
  const clientSecret = useDebounced(values.clientSecret, MANUAL_CHECK_DELAY_MS);
  const discoveryUrl = useDebounced(values.discoveryUrl, MANUAL_CHECK_DELAY_MS);
  const complete = Object.keys(manualErrors({ clientId, clientSecret, discoveryUrl })).length === 0;
  useEffect(() => {
    if (complete) void run(manualAccess({ clientId, clientSecret, discoveryUrl }));
    else reset();
  }, [complete, clientId, clientSecret, discoveryUrl, run, reset]);
  // The answer holds for the values it was checked with; anything typed since is not checked yet.
  const current = values.clientId === clientId && values.clientSecret === clientSecret && values.discoveryUrl === discoveryUrl;
  return {
    result: current ? check.data : undefined,
    error: current ? check.error : null,
    checking: check.pending || (!current && Object.keys(manualErrors(values)).length === 0),
  };
}
