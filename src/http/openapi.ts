import { z } from 'zod';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable, snake_case; see the error catalogue'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    request_id: z.string(),
  }),
});

/** Document the error answers a route can give, all in the one error shape. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries([400, 401, ...statuses].map((s) => [s, ErrorBody])) as Record<number, typeof ErrorBody>;
}

export const bearer = [{ bearerAuth: [] }, { sessionCookie: [] }];
