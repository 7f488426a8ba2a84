import { z } from 'zod';

/**
 * A response schema that the compiler holds to the use case's return type: `describing<View>()(schema)`
 * fails to compile when some value of `View` would not be valid against `schema`, so the documented
 * response and the code that builds it cannot drift apart.
 */
export function describing<View>() {
  return <S extends z.ZodType>(schema: S, ..._proof: Writable<View> extends z.input<S> ? [] : [never]): S => schema;
}

/** Views are often readonly; the wire format is not, so `readonly` is no difference here. */
type Writable<T> = T extends (infer Item)[] | readonly (infer Item)[] ? Writable<Item>[] : T extends object ? { -readonly [Key in keyof T]: Writable<T[Key]> } : T;

/** `{ path, message }` per problem, as `describeIssues` formats zod issues. */
export const IssueSchema = z.object({ path: z.string(), message: z.string() });

/**
 * The one error shape: `details` is always present, `null` when there is nothing to add, a list of
 * issues for invalid input, or an object with the error's context. What the gateway answers itself
 * also carries API Gateway's own `message` field.
 */
export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'BadRequest' }),
      message: z.string(),
      details: z.union([z.null(), z.array(IssueSchema), z.record(z.string(), z.unknown())]),
    }),
    requestId: z.string(),
    message: z.string().optional().meta({ description: "API Gateway's own message, on answers the gateway gives before any function runs" }),
  })
  .meta({ id: 'Error' });
