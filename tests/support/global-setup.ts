/**
 * Vitest global setup for integration tests: one PostgreSQL server for the run, and a
 * migrated template database that every test file copies into a database of its own.
 */
import type { TestProject } from 'vitest/node';
import { dropDatabase, prepareTemplate, startTestServer, type TestServer } from './postgres-server';

declare module 'vitest' {
	export interface ProvidedContext {
		testDatabaseTemplate: string;
		testDatabaseServerUrl: string;
		testDatabaseServingUrl: string;
	}
}

let server: TestServer | undefined;
const template = `kindkring_template_${process.pid}`;

export async function setup(project: TestProject) {
	server = await startTestServer();
	await prepareTemplate(server, template);
	project.provide('testDatabaseTemplate', template);
	// The database name in this URL is replaced per test file.
	project.provide('testDatabaseServerUrl', server.url('postgres'));
	project.provide('testDatabaseServingUrl', server.servingUrl('postgres'));
}

export async function teardown() {
	if (!server) return;
	await dropDatabase(server, template);
	await server.stop();
}
