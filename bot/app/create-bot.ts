import type { Platform } from "../kernel/events.js";
import type { ChatFeature, FeatureDescriptor, FeatureEnv } from "../kernel/feature.js";
import { createHandle, FeatureRouter, type Handle } from "../kernel/handle.js";
import type { Log } from "../kernel/log.js";
import type { AnyPlatform, PlatformLimits } from "../kernel/platform.js";
import type { PlatformAdapter } from "../kernel/platform-adapter.js";
import { CHATS, DELIVERIES, ROLES } from "../kernel/ports.js";
import { realScheduler, type Scheduler } from "../kernel/scheduler.js";
import type { Sender } from "../kernel/sender.js";
import { Services } from "../kernel/services.js";
import type { Storage } from "../kernel/storage.js";
import { openConfiguredStorage } from "./bot-storage.js";
import { platformSettings } from "./config.js";
import { FEATURES } from "./features.js";
import type { App } from "./open-app.js";
import { PLATFORMS } from "./platforms.js";

export interface BotOptions {
  features?: readonly FeatureDescriptor[];
  platforms?: readonly AnyPlatform[];
  log: Log;
  now?: () => number;
  /** Timers of group quiz rounds (tests fire them by hand). */
  scheduler?: Scheduler;
  /** Senders to use instead of the configured platforms' (tests, benches). */
  senders?: Partial<Record<Platform, Sender>>;
  /** Bot admins besides those the platforms' settings name. */
  admins?: Partial<Record<Platform, string[]>>;
  /** Follows documents ingested by other processes (checked before each answer). */
  corpus?: { catchUp(): Promise<void> } | undefined;
  /** The terminal's output (the local chat and its broadcasts). */
  write?: (text: string) => void;
  /** Where the features keep their state; as configured (DATABASE_URL, else the app's SQLite file) unless given. */
  storage?: Storage;
}

export interface Bot {
  /** The kernel's one inbound port, routing to the registered features. */
  handle: Handle;
  services: Services;
  /** Adapters of the platforms this bot runs (the terminal's when none is configured). */
  adapters: PlatformAdapter[];
  /** Whether a word names a registered command or alias. */
  isCommand(name: string): boolean;
  /** Whether this platform user is a bot admin now (configured, or granted in the database). */
  isAdmin(platform: Platform, userId: string): Promise<boolean>;
  /** The knowledge layer and platforms as the features got them (the console's pages use them). */
  env: FeatureEnv;
  /** True when no chat platform is configured: the terminal is the chat. */
  local: boolean;
  /** Where its features keep their state. */
  storage: Storage;
  /** Starts the features' background work (the broadcast dispatcher). */
  start(): void;
  /** Stops it, letting in-flight work finish (the caller bounds the wait). */
  stop(): Promise<void>;
  /** The same, one step per feature with background work, named for shutdown logs. */
  stopSteps(): { name: string; run: () => Promise<void> }[];
  /** Gives up what is still in flight after the shutdown deadline. */
  abandon(): Promise<void>;
}

/**
 * The composition root of the chat bot: the configured platforms (adapter and
 * sender each), the features in registration order over the app's storage and
 * knowledge, and the kernel's handle routing between them. Nothing here names
 * a platform or a feature: they come from the registries.
 */
export async function createBot(app: App, options: BotOptions): Promise<Bot> {
  const platforms = options.platforms ?? PLATFORMS;
  const now = options.now ?? Date.now;
  const services = new Services();
  let handle: Handle = async () => {};
  let router: FeatureRouter | undefined;

  const settings = platformSettings(app.config, platforms);
  const configured = platforms.filter((p) => settings.has(p.id));
  const network = configured.filter((p) => !p.local);
  const running = network.length > 0 ? network : configured.filter((p) => p.local);
  const adapters: PlatformAdapter[] = [];
  const senders = new Map<Platform, Sender>();
  const admins = new Map<Platform, string[]>();
  for (const platform of running) {
    const config = settings.get(platform.id);
    admins.set(platform.id, [...platform.admins(config)]);
    const instance = await platform.create(config, {
      // Bound late: the features open after the platforms are made.
      handle: (event, reply) => handle(event, reply),
      isCommand: (name) => router?.command(name) !== undefined,
      log: options.log,
      timeoutMs: app.config.operations.platformTimeoutMs,
      write: options.write,
    });
    adapters.push(instance.adapter);
    senders.set(platform.id, instance.sender);
  }
  for (const [id, sender] of Object.entries(options.senders ?? {})) {
    if (sender) senders.set(id, sender);
  }
  for (const [id, ids] of Object.entries(options.admins ?? {})) {
    admins.set(id, [...(admins.get(id) ?? []), ...(ids ?? [])]);
  }

  const features = options.features ?? FEATURES;
  const limits = new Map<Platform, PlatformLimits>(platforms.map((p) => [p.id, p.limits]));
  const env: FeatureEnv = {
    settings: app.config,
    knowledge: {
      answers: app.answers,
      records: app.records,
      store: app.kb.store,
      retriever: app.kb.retriever,
      conduct: app.kb.index.conduct,
      corpus: options.corpus,
    },
    storage: options.storage ?? (await openConfiguredStorage(app, features)),
    services,
    platforms: {
      limits,
      senders,
      local: new Set(platforms.filter((p) => p.local).map((p) => p.id)),
    },
    now,
    log: options.log,
    scheduler: options.scheduler ?? realScheduler,
  };
  const opened: ChatFeature[] = [];
  const names: string[] = [];
  for (const feature of features) {
    opened.push(await feature.open(env));
    names.push(feature.name);
  }
  router = new FeatureRouter(opened);
  handle = createHandle(
    {
      chats: services.get(CHATS),
      roles: services.get(ROLES),
      deliveries: services.get(DELIVERIES),
      configuredAdmins: admins,
      now,
      log: options.log,
    },
    router,
  );
  return {
    handle,
    services,
    adapters,
    isCommand: (name) => router?.command(name) !== undefined,
    isAdmin: async (platform, userId) =>
      (admins.get(platform) ?? []).includes(userId) ||
      (await services.get(ROLES).isGranted(platform, userId)),
    env,
    local: network.length === 0,
    storage: env.storage,
    start: () => {
      for (const feature of opened) feature.start?.();
    },
    stop: async () => {
      await Promise.all(opened.map((feature) => feature.stop?.()));
    },
    stopSteps: () =>
      opened.flatMap((feature, i) =>
        feature.stop
          ? [{ name: names[i] ?? "feature", run: () => feature.stop?.() ?? Promise.resolve() }]
          : [],
      ),
    abandon: async () => {
      for (const feature of opened) await feature.abandon?.();
    },
  };
}
