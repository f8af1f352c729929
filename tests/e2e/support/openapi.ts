/**
 * The OpenAPI description of the endpoints that are not pages, and the check that an answer
 * is one it describes: the status is described for the operation, its headers match, and a
 * JSON body matches the schema given for that status.
 */
import { expect, type APIResponse } from '@playwright/test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';

export const file = 'src/lib/api/openapi.yaml';
export const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
// OpenAPI's own format for file contents; nothing to check in a JSON body.
ajv.addFormat('binary', true);

let document: OpenAPIV3_1.Document | undefined;

/** Validated against the OpenAPI 3.1 schema, every $ref resolved. */
export async function description(): Promise<OpenAPIV3_1.Document> {
	document ??= (await SwaggerParser.validate(file)) as OpenAPIV3_1.Document;
	return document;
}

export type Method = 'get' | 'post';

/** Fails unless the answer is one the description gives for this operation. */
export async function conforms(method: Method, path: string, response: APIResponse) {
	const operation = (await description()).paths?.[path]?.[method];
	expect(operation, `${method.toUpperCase()} ${path} is described`).toBeDefined();
	const status = String(response.status());
	const described = operation!.responses?.[status] as OpenAPIV3_1.ResponseObject | undefined;
	expect(described, `${method.toUpperCase()} ${path} describes ${status}`).toBeDefined();
	for (const [name, header] of Object.entries(described!.headers ?? {})) {
		const { required, schema } = header as OpenAPIV3_1.HeaderObject;
		const value = response.headers()[name.toLowerCase()];
		if (required) expect(value, `${method.toUpperCase()} ${path} ${status}: ${name}`).toBeDefined();
		if (value === undefined || !schema) continue;
		const validate = ajv.compile(schema as object);
		expect(validate(value), `${name}: ${value} — ${ajv.errorsText(validate.errors)}`).toBe(true);
	}
	const type = (response.headers()['content-type'] ?? '').split(';')[0]!.trim();
	if (type !== 'application/json') return;
	const schema = described!.content?.['application/json']?.schema;
	expect(schema, `${method.toUpperCase()} ${path} ${status} describes a JSON body`).toBeDefined();
	const body: unknown = await response.json();
	const validate = ajv.compile(schema as object);
	expect(
		validate(body),
		`${method.toUpperCase()} ${path} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`
	).toBe(true);
	return body;
}
