/** Fault injection state of the file server (see `POST /control/faults`). */
export interface DownloadFault {
  /** Close the socket after this many body bytes of a file download. */
  cutDownloadAfterBytes: number;
  /** Apply to the next download only (default) or to every download until cleared. */
  once: boolean;
}

/** Holds the active download fault. @internal */
export class FaultInjector {
  private fault: DownloadFault | undefined;

  /** Sets (or, with undefined, clears) the fault. */
  set(fault: DownloadFault | undefined): void {
    this.fault = fault;
  }

  /** The active fault, if any. */
  get current(): DownloadFault | undefined {
    return this.fault;
  }

  /** Takes the fault for one download (clearing it when `once`). */
  takeForDownload(): DownloadFault | undefined {
    const f = this.fault;
    if (f?.once) this.fault = undefined;
    return f;
  }
}
