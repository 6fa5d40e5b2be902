import { rememberVerified } from '#http/auth';

describe('rememberVerified', () => {
  const setup = (payload: { exp?: number }) => {
    let now = 1_000_000;
    const calls: string[] = [];
    const verify = rememberVerified(
      async (scope, token) => {
        calls.push(`${scope}:${token}`);
        if (token === 'bad') throw new Error('invalid signature');
        return payload;
      },
      () => now,
    );
    return { verify, calls, advance: (ms: number) => (now += ms) };
  };

  it('verifies a token text once while it has not expired', async () => {
    const { verify, calls, advance } = setup({ exp: 1_060 });
    await verify('participant', 't');
    advance(58_000);
    await verify('participant', 't');
    expect(calls).toEqual(['participant:t']);
  });

  it('verifies again once the token has expired (jose then refuses it)', async () => {
    const { verify, calls, advance } = setup({ exp: 1_060 });
    await verify('participant', 't');
    advance(60_000);
    await verify('participant', 't');
    expect(calls).toEqual(['participant:t', 'participant:t']);
  });

  it('never remembers a refusal', async () => {
    const { verify, calls } = setup({ exp: 2_000 });
    await expect(verify('participant', 'bad')).rejects.toThrow('invalid signature');
    await expect(verify('participant', 'bad')).rejects.toThrow('invalid signature');
    expect(calls).toHaveLength(2);
  });

  it('keeps scopes apart (a token verified for one portal is not verified for the other)', async () => {
    const { verify, calls } = setup({ exp: 2_000 });
    await verify('participant', 't');
    await verify('admin', 't');
    expect(calls).toEqual(['participant:t', 'admin:t']);
  });

  it('never remembers a token without exp', async () => {
    const { verify, calls } = setup({});
    await verify('participant', 't');
    await verify('participant', 't');
    expect(calls).toHaveLength(2);
  });
});
