/**
 * The `wit-component` debug adapter: a Debug Adapter Protocol session that runs component(s)
 * in the bundled runner with tracing and the debug channel (docs/debug-protocol.md), and
 * shows the run at the WIT boundary — breakpoints on WIT functions, interfaces and worlds,
 * the chain of nested boundary calls as the call stack, arguments and results as WIT values.
 * No VS Code API: it runs inline in the extension or standalone (main.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import {
  Breakpoint as DapBreakpoint,
  Event,
  ExitedEvent,
  Handles,
  InitializedEvent,
  LoggingDebugSession,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { World } from '../../../server/src/syntax/binary/witModel';
import { componentWorld } from '../../../server/src/syntax/binary/wasmInfo';
import type { Breakpoint, Frame, RunnerMessage, ValueNode } from '../runtime/debug/protocol';
import type { RunnerEvent } from '../runtime/runSpec';
import { startRun, type RunHandle } from '../runtime/session';
import { functionBreakpoint, isOfWorld, targetBreakpoint, type Resolution, type RunWorlds } from './breakpoints';
import { DebugChannel } from './channel';
import { isComposition, planLaunch, type ComponentLaunchArguments } from './launch';
import { frameName, stopDescription } from './stopDisplay';
import { readWitFiles } from './witFiles';
import { WitIndex } from './witIndex';

export type { ComponentLaunchArguments } from './launch';

const THREAD_ID = 1;
/** How long a `pause` may take before the user is told the component is not crossing a boundary. */
const PAUSE_NOTICE_MS = 1000;

type Stopped = Extract<RunnerMessage, { type: 'stopped' }>;

/** A user's breakpoint as the runner gets it: one id, maybe several filters. */
interface BoundaryBreakpoint {
  id: number;
  label: string;
  filters: Omit<Breakpoint, 'id' | 'condition'>[];
  condition?: string;
}

export class ComponentDebugSession extends LoggingDebugSession {
  private channel: DebugChannel | undefined;
  private run: RunHandle | undefined;
  private worlds: RunWorlds = new Map();
  private index = WitIndex.of([]);
  private witRoots: string[] = [];
  /** Instance → the ids of the indexed worlds it is of (to place world functions). */
  private instanceWorlds = new Map<string, string[]>();
  private readonly sourceBreakpoints = new Map<string, BoundaryBreakpoint[]>();
  private functionBreakpoints: BoundaryBreakpoint[] = [];
  private exceptions = { traps: true, errors: false };
  private lastBreakpointId = 0;
  private runnerReady = false;
  private configured = false;
  private stopOnEntry = false;
  private stopped: Stopped | undefined;
  private readonly values = new Handles<ValueNode[]>();
  private pauseNotice: NodeJS.Timeout | undefined;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(false);
    this.setDebuggerColumnsStartAt1(false);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsFunctionBreakpoints: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: [
        { filter: 'traps', label: 'Traps', description: 'Stop when a call traps', default: true },
        { filter: 'errors', label: 'result::err returns', description: 'Stop when a call returns the err of its result', default: false },
      ],
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): Promise<void> {
    const launch = args as DebugProtocol.LaunchRequestArguments & ComponentLaunchArguments;
    try {
      const compositionText = isComposition(launch.program ?? '') ? await readFile(launch.program, 'utf8') : undefined;
      const planned = planLaunch(launch, compositionText);
      if (!planned.ok) throw new Error(planned.message);
      const { spec, components, witRoots } = planned.run;
      this.worlds = await readWorlds(components);
      this.witRoots = witRoots;
      this.index = WitIndex.of(await readWitFiles(witRoots));
      this.placeInstances();
      this.stopOnEntry = launch.stopOnEntry === true;
      this.channel = await DebugChannel.open((message) => this.onRunnerMessage(message));
      const runtime = launch.nodePath ? { path: launch.nodePath } : { path: process.execPath, electron: !!process.versions.electron };
      this.run = await startRun({ ...spec, debug: { socket: this.channel.path } }, { kind: 'jco', runtime }, {
        onOutput: (line, stream) => this.sendEvent(new OutputEvent(`${line}\n`, stream)),
        onEvent: (event) => this.onRunEvent(event),
      });
      // DAP's `process` event: the runner's pid (its process group is the run's).
      this.sendEvent(new Event('process', { name: basename(launch.program), systemProcessId: this.run.pid, isLocalProcess: true, startMethod: 'launch' }));
      void this.run.done.then(async (outcome) => {
        this.clearPauseNotice();
        await this.channel?.close();
        if (outcome.trace) this.sendEvent(new Event('witTrace', { file: outcome.trace.file }));
        if (outcome.code !== null) this.sendEvent(new ExitedEvent(outcome.code));
        this.sendEvent(new TerminatedEvent());
      });
      this.sendResponse(response);
      this.sendEvent(new InitializedEvent());
    } catch (e) {
      await this.channel?.close();
      this.sendErrorResponse(response, { id: 1, format: `Cannot debug ${launch.program}: ${(e as Error).message}`, showUser: true });
    }
  }

  protected override async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    const file = args.source.path ?? '';
    if (!this.index.has(file)) await this.indexAlso(file);
    const results: DebugProtocol.Breakpoint[] = [];
    const kept: BoundaryBreakpoint[] = [];
    for (const requested of args.breakpoints ?? []) {
      const line = this.convertClientLineToDebugger(requested.line);
      const target = this.index.targetAt(file, line);
      const resolution: Resolution = target.ok ? targetBreakpoint(target.target, this.worlds) : { verified: false, message: target.message };
      results.push(this.answer(resolution, kept, requested.condition, line));
    }
    this.sourceBreakpoints.set(file, kept);
    response.body = { breakpoints: results.map((b) => ({ ...b, source: args.source })) };
    this.sendResponse(response);
    this.sendBreakpoints();
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    const kept: BoundaryBreakpoint[] = [];
    const results = args.breakpoints.map((b) => this.answer(functionBreakpoint(b.name, this.worlds), kept, b.condition));
    this.functionBreakpoints = kept;
    response.body = { breakpoints: results };
    this.sendResponse(response);
    this.sendBreakpoints();
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.exceptions = { traps: args.filters.includes('traps'), errors: args.filters.includes('errors') };
    if (this.runnerReady) this.channel?.send({ cmd: 'exceptions', ...this.exceptions });
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured = true;
    this.startWhenReady();
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, 'component')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const stack = this.stopped?.stack ?? [];
    const frames = stack.map((frame, i) => {
      const at = this.index.locate(frame.interface, frame.function, this.instanceWorlds.get(frame.callee) ?? []);
      const source = at ? new Source(basename(at.file), this.convertDebuggerPathToClient(at.file)) : undefined;
      return new StackFrame(i + 1, frameName(frame), source, at ? this.convertDebuggerLineToClient(at.line) : 0);
    });
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const frame: Frame | undefined = this.stopped?.stack[args.frameId - 1];
    const scopes: Scope[] = [];
    if (frame) {
      scopes.push(new Scope('Arguments', this.values.create(frame.args)));
      if (frame.result) scopes.push(new Scope('Result', this.values.create([frame.result])));
      if (frame.error !== undefined) scopes.push(new Scope('Error', this.values.create([{ name: 'trap', type: 'trap', value: frame.error }])));
    }
    response.body = { scopes };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const nodes = this.values.get(args.variablesReference) ?? [];
    response.body = {
      variables: nodes.map((node) => ({
        name: node.name,
        value: node.value,
        type: node.type,
        variablesReference: node.children && node.children.length > 0 ? this.values.create(node.children) : 0,
      })),
    };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.resume({ cmd: 'continue' });
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.resume({ cmd: 'next' });
    this.sendResponse(response);
  }

  /** Stepping into a boundary call is stepping to the next boundary event: there is nothing in between to step into. */
  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.resume({ cmd: 'next' });
    this.sendResponse(response);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.resume({ cmd: 'stepOut' });
    this.sendResponse(response);
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.channel?.send({ cmd: 'pause' });
    this.clearPauseNotice();
    this.pauseNotice = setTimeout(() => {
      this.sendEvent(new OutputEvent('The component is running without crossing a WIT boundary: it pauses at its next boundary call or return.\n', 'console'));
    }, PAUSE_NOTICE_MS);
    this.sendResponse(response);
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.run?.stop();
    this.sendResponse(response);
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    this.clearPauseNotice();
    await this.run?.stop();
    await this.channel?.close();
    this.sendResponse(response);
  }

  private onRunnerMessage(message: RunnerMessage): void {
    switch (message.type) {
      case 'ready':
        this.runnerReady = true;
        this.sendBreakpoints();
        this.channel?.send({ cmd: 'exceptions', ...this.exceptions });
        this.startWhenReady();
        break;
      case 'stopped': {
        this.clearPauseNotice();
        this.stopped = message;
        this.values.reset();
        const event = new StoppedEvent(message.reason, THREAD_ID, message.reason === 'exception' ? stopDescription(message, () => undefined) : undefined) as DebugProtocol.StoppedEvent;
        event.body.description = stopDescription(message, (id) => this.breakpointLabel(id));
        if (message.breakpointIds) event.body.hitBreakpointIds = message.breakpointIds;
        this.sendEvent(event);
        break;
      }
      case 'conditionError':
        this.sendEvent(new OutputEvent(`Breakpoint ${this.breakpointLabel(message.breakpointId) ?? message.breakpointId}: ${message.message} (the condition is taken as true)\n`, 'console'));
        break;
    }
  }

  private onRunEvent(event: RunnerEvent): void {
    const say = (text: string, category = 'console') => this.sendEvent(new OutputEvent(`${text}\n`, category));
    if (event.event === 'result') say(`result: ${event.wave}`);
    else if (event.event === 'trap') say(`trap${event.function ? ` in ${event.function}` : ''}: ${event.message}`, 'stderr');
    else if (event.event === 'error') say(`error: ${event.message}`, 'stderr');
    else if (event.event === 'listening') say(`serving HTTP on ${event.url}`);
  }

  private startWhenReady(): void {
    if (this.runnerReady && this.configured) this.channel?.send({ cmd: 'start', stopOnEntry: this.stopOnEntry });
  }

  private resume(command: { cmd: 'continue' | 'next' | 'stepOut' }): void {
    this.stopped = undefined;
    this.values.reset();
    this.channel?.send(command);
  }

  /** Answers one requested breakpoint and keeps it (for the runner) when verified. */
  private answer(resolution: Resolution, kept: BoundaryBreakpoint[], condition: string | undefined, line?: number): DebugProtocol.Breakpoint {
    const id = ++this.lastBreakpointId;
    const answer: DebugProtocol.Breakpoint = new DapBreakpoint(resolution.verified, line === undefined ? undefined : this.convertDebuggerLineToClient(line));
    answer.id = id;
    if (!resolution.verified) {
      answer.message = resolution.message;
      return answer;
    }
    kept.push({ id, label: resolution.label, filters: resolution.filters, ...(condition ? { condition } : {}) });
    return answer;
  }

  private sendBreakpoints(): void {
    if (!this.runnerReady) return;
    const all = [...[...this.sourceBreakpoints.values()].flat(), ...this.functionBreakpoints];
    const breakpoints = all.flatMap((b) => b.filters.map((filter) => ({ id: b.id, ...filter, ...(b.condition ? { condition: b.condition } : {}) })));
    this.channel?.send({ cmd: 'breakpoints', breakpoints });
  }

  private breakpointLabel(id: number): string | undefined {
    return [...[...this.sourceBreakpoints.values()].flat(), ...this.functionBreakpoints].find((b) => b.id === id)?.label;
  }

  /** A breakpoint in a `.wit` file outside the WIT roots: its folder's files join the index. */
  private async indexAlso(file: string): Promise<void> {
    if (!file.endsWith('.wit')) return;
    this.witRoots = [...this.witRoots, dirname(file)];
    this.index = WitIndex.of(await readWitFiles(this.witRoots));
    this.placeInstances();
  }

  private placeInstances(): void {
    const worlds = this.index.worlds();
    this.instanceWorlds = new Map([...this.worlds].map(([instance, world]) => [instance, worlds.filter((w) => isOfWorld(world, w)).map((w) => w.id)]));
  }

  private clearPauseNotice(): void {
    if (this.pauseNotice) clearTimeout(this.pauseNotice);
    this.pauseNotice = undefined;
  }
}

/** The worlds of the run's components (one whose world cannot be decoded has none: its calls are still shown, but no breakpoint verifies on it). */
async function readWorlds(components: Record<string, string>): Promise<RunWorlds> {
  const worlds = new Map<string, World>();
  for (const [instance, path] of Object.entries(components)) {
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) throw new Error(`${instance} (${path}) cannot be read: is it built?`);
    const world = componentWorld(new Uint8Array(bytes));
    if (world.ok) worlds.set(instance, world.world);
  }
  return worlds;
}
