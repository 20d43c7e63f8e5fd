/// <reference types="mocha" />
// Debugging at the WIT boundary in a real VS Code: the example pipeline started from its launch
// configuration (wit-examples/.vscode/launch.json), a breakpoint on the plugin's `transform` in
// the WIT, the stop seen through the debug adapter's own traffic, then its stack and arguments.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import type { WitStudioApi } from '../../../client/src/extension';
import { acceptingDefaults, buildPipeline, EXTENSION_ID, positionOf, screenshot, waitFor, workspaceRoot } from '../helpers';

const LAUNCH_NAME = 'Debug the pipeline: process("hello world")';

async function api(): Promise<WitStudioApi> {
  const extension = vscode.extensions.getExtension<WitStudioApi>(EXTENSION_ID)!;
  return extension.isActive ? extension.exports : extension.activate();
}

/** The adapter's stopped events, as VS Code receives them. */
function watchStops(): { stops: DebugProtocol.StoppedEvent[]; dispose(): void } {
  const stops: DebugProtocol.StoppedEvent[] = [];
  const registration = vscode.debug.registerDebugAdapterTrackerFactory('wit-component', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (message: DebugProtocol.ProtocolMessage) => {
        if (message.type === 'event' && (message as DebugProtocol.Event).event === 'stopped') stops.push(message as DebugProtocol.StoppedEvent);
      },
    }),
  });
  return { stops, dispose: () => registration.dispose() };
}

/** A frame's file: code-server hands the extension host remote URIs (`vscode-remote://…`) where the adapter said paths. */
function sourceFile(frame: DebugProtocol.StackFrame): string | undefined {
  const p = frame.source?.path;
  return p && /^[a-z][\w+.-]*:\/\//i.test(p) ? vscode.Uri.parse(p).fsPath : p;
}

/** Opens the pipeline's WIT and sets a breakpoint on the plugin's `transform`. */
async function breakOnTransform(): Promise<{ wit: vscode.Uri; doc: vscode.TextDocument; transformLine: number }> {
  const wit = vscode.Uri.file(path.join(workspaceRoot(), 'pipeline', 'wit', 'pipeline.wit'));
  const doc = await vscode.workspace.openTextDocument(wit);
  await vscode.window.showTextDocument(doc);
  const transformLine = positionOf(doc, 'transform: func').line;
  vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(wit, new vscode.Position(transformLine, 2)))]);
  return { wit, doc, transformLine };
}

/** The session stops at a breakpoint; stopping it then ends it. */
async function stopsAtBreakpointThenEnds(session: vscode.DebugSession, watch: ReturnType<typeof watchStops>, ended: Promise<vscode.DebugSession>): Promise<void> {
  const stop = await waitFor('the stop at the breakpoint', () => watch.stops[0], 120000);
  assert.equal(stop.body.reason, 'breakpoint');
  await vscode.debug.stopDebugging(session);
  assert.equal((await ended).id, session.id);
}

function nextSessionEnd(): Promise<vscode.DebugSession> {
  return new Promise((resolve) => {
    const listener = vscode.debug.onDidTerminateDebugSession((s) => {
      listener.dispose();
      resolve(s);
    });
  });
}

suite('Debug', () => {
  teardown(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await vscode.debug.stopDebugging();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a breakpoint on a WIT function stops the pipeline in that call, with its arguments as WIT values', async function () {
    this.timeout(240000);
    await buildPipeline();
    const studio = await api();
    const { wit, doc, transformLine } = await breakOnTransform();
    const processLine = positionOf(doc, 'export process: func').line;

    const watch = watchStops();
    try {
      const traceBefore = studio.traceViewState();
      const ended = nextSessionEnd();
      assert.equal(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], LAUNCH_NAME), true, 'the session started');
      const session = await waitFor('the debug session', () => vscode.debug.activeDebugSession);
      assert.equal(session.type, 'wit-component');
      const stop = await waitFor('the stop at the breakpoint', () => watch.stops[0], 120000);
      assert.equal(stop.body.reason, 'breakpoint');
      const threadId = stop.body.threadId ?? 1;

      // The chain of boundary calls, innermost first: the host component's call of the plugin's transform, inside the runner's call of process.
      const { stackFrames } = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 20 })) as DebugProtocol.StackTraceResponse['body'];
      assert.equal(stackFrames.length, 2, JSON.stringify(stackFrames.map((f) => f.name)));
      const [transform, process] = stackFrames;
      assert.match(transform.name, /transform/);
      assert.match(process.name, /process/);
      assert.deepEqual([sourceFile(transform), transform.line], [wit.fsPath, transformLine + 1]);
      assert.deepEqual([sourceFile(process), process.line], [wit.fsPath, processLine + 1]);

      const { scopes } = (await session.customRequest('scopes', { frameId: transform.id })) as DebugProtocol.ScopesResponse['body'];
      assert.ok(scopes.length > 0, 'the call has a scope');
      const { variables } = (await session.customRequest('variables', { variablesReference: scopes[0].variablesReference })) as DebugProtocol.VariablesResponse['body'];
      const values = Object.fromEntries(variables.map((v) => [v.name, v.value]));
      assert.deepEqual(values, { input: '"hello world"', style: 'upper' });

      await vscode.commands.executeCommand('workbench.view.debug');
      // The picture shows the arguments: their scope expanded in the Variables view.
      await vscode.commands.executeCommand('workbench.debug.action.focusVariablesView');
      await vscode.commands.executeCommand('list.focusFirst');
      await vscode.commands.executeCommand('list.expand');
      await screenshot('debug-paused', 1500);

      await session.customRequest('continue', { threadId });
      assert.equal((await ended).id, session.id);
      const trace = await waitFor('the trace of the run in the trace view', () => {
        const state = studio.traceViewState();
        return state !== traceBefore && state?.uri?.endsWith('.witrace') ? state : undefined;
      }, 30000);
      assert.equal(trace.error, undefined);
      assert.ok(trace.calls >= 2, `the trace has the run's calls (${trace.calls})`);
    } finally {
      watch.dispose();
    }
  });

  test('Debug Component on a WIT file debugs the composition around it, asking the grants as Run does; stopping ends the session', async function () {
    this.timeout(240000);
    await buildPipeline();
    const { wit } = await breakOnTransform();
    const watch = watchStops();
    try {
      const ended = nextSessionEnd();
      const started = vscode.commands.executeCommand('wit.debugComponent', wit) as Thenable<boolean>;
      // The host imports the filesystem: the capabilities question comes up (nothing checked).
      assert.equal(await acceptingDefaults(started), true, 'the session started');
      const session = await waitFor('the debug session', () => vscode.debug.activeDebugSession);
      const config = session.configuration;
      assert.deepEqual([config.type, config.name, config.program], ['wit-component', 'Debug pipeline composition', path.join(workspaceRoot(), 'pipeline', 'wit-studio.compose.json')]);
      assert.deepEqual(config.grants, { directories: [], env: {}, network: false, stdin: false });
      assert.deepEqual(config.witRoots, [workspaceRoot()]);
      await stopsAtBreakpointThenEnds(session, watch, ended);
    } finally {
      watch.dispose();
    }
  });

  test('F5 without a launch configuration: the configuration is made from the active WIT file', async function () {
    this.timeout(240000);
    await buildPipeline();
    await breakOnTransform();
    const watch = watchStops();
    try {
      const ended = nextSessionEnd();
      // What VS Code asks the provider to resolve when there is no launch.json entry to start.
      const bare: vscode.DebugConfiguration = { type: 'wit-component', request: 'launch', name: 'F5' };
      const started = vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], bare);
      assert.equal(await acceptingDefaults(started), true, 'the session started');
      const session = await waitFor('the debug session', () => vscode.debug.activeDebugSession);
      assert.equal(session.configuration.program, path.join(workspaceRoot(), 'pipeline', 'wit-studio.compose.json'));
      await stopsAtBreakpointThenEnds(session, watch, ended);
    } finally {
      watch.dispose();
    }
  });
});

