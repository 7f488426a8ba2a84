import middy from '@middy/core';
import { z } from 'zod';

describe('toolchain', () => {
  it('runs a middy chain with a zod schema under jest', async () => {
    const handler = middy(async (event: unknown) => z.object({ n: z.number() }).parse(event).n + 1);
    await expect(handler({ n: 1 }, {} as never)).resolves.toBe(2);
  });
});
