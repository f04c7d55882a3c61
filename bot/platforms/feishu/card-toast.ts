/**
 * The answer to a card button press. Feishu waits about three seconds for
 * the callback's response, which can carry a toast; the core acknowledges
 * a press whenever its work allows. The window resolves with the first
 * notice, or with none when the core finishes (or acknowledges) without
 * one, or when the time is up: a later notice has to go as a message.
 */
export class ToastWindow {
  readonly result: Promise<string | undefined>;
  private resolve: (notice: string | undefined) => void = () => {};
  private open = true;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    this.result = new Promise((resolve) => {
      this.resolve = resolve;
    });
    this.timer = setTimeout(() => this.close(), ms);
  }

  /** True when the notice will be shown as the toast; false when the window has closed. */
  offer(notice: string | undefined): boolean {
    if (!this.open) return false;
    this.finish(notice);
    return true;
  }

  close(): void {
    if (this.open) this.finish(undefined);
  }

  private finish(notice: string | undefined): void {
    this.open = false;
    clearTimeout(this.timer);
    this.resolve(notice);
  }
}
