import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from './api.js';

/** A GET request's state: its data, its error, whether it is loading, and a way to load it again. */
export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads a path (none when null) and reloads when it changes; an older answer never overwrites a newer one. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the reload trigger
  useEffect(() => {
    if (path === null) {
      setState({ loading: false });
      return;
    }
    const n = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    get<T>(path).then(
      (data) => n === latest.current && setState({ data, loading: false }),
      (error: Error) => n === latest.current && setState({ error, loading: false }),
    );
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
