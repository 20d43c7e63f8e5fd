/** The debug adapter as a program of its own (dist/debugAdapter.js), speaking DAP on stdin/stdout: for DAP-level tests and other editors. */
import { DebugSession } from '@vscode/debugadapter';
import { ComponentDebugSession } from './session';

DebugSession.run(ComponentDebugSession);
