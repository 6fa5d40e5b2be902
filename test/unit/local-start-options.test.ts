import { DEFAULT_PORT, parseStartOptions } from '#local/start-options';

describe('npm start options', () => {
  test('given nothing, then port 3000, state kept, demo on, M4/M5/M6 in 2/5/25 minutes', () => {
    expect(parseStartOptions([], {})).toEqual({
      port: DEFAULT_PORT,
      fresh: false,
      demo: true,
      m4InMinutes: 2,
      m5InMinutes: 5,
      m6InMinutes: 25,
      stateDir: undefined,
      inMemory: false,
    });
  });

  test('given flags after --, then they apply (also in --name=value form)', () => {
    const options = parseStartOptions(['--port', '4100', '--fresh', '--no-demo', '--m5-in=10', '--m6-in', '30'], {});
    expect(options).toMatchObject({ port: 4100, fresh: true, demo: false, m5InMinutes: 10, m6InMinutes: 30 });
  });

  test.each([
    [{ npm_config_port: '4200' }, { port: 4200 }],
    [{ npm_config_fresh: 'true' }, { fresh: true }],
    [{ npm_config_no_demo: 'true' }, { demo: false }],
    [{ npm_config_demo: 'false' }, { demo: false }],
    [{ npm_config_demo: '' }, { demo: false }],
    [{ npm_config_fresh: '' }, { fresh: false }],
  ])('given npm swallowed a flag (%o), then it still applies', (env, expected) => {
    expect(parseStartOptions([], env)).toMatchObject(expected);
  });

  test('given an explicit flag and an npm_config value, then the explicit flag wins', () => {
    expect(parseStartOptions(['--port', '5000'], { npm_config_port: '4200' }).port).toBe(5000);
  });

  test.each([
    [['--port', 'tremila'], /--port/],
    [['--port', '70000'], /--port/],
    [['--port'], /Manca il valore/],
    [['--verbose'], /Opzione sconosciuta/],
    [['4000'], /Argomento non riconosciuto: 4000/],
    [['--m4-in', '10', '--m5-in', '5'], /in ordine/],
  ])('given %o, then an Italian error names the problem', (argv, message) => {
    expect(() => parseStartOptions(argv, {})).toThrow(message);
  });

  test('given npm start --port 4000 (npm keeps the flag, passes the value alone), then the port is 4000', () => {
    expect(parseStartOptions(['4000'], { npm_config_port: 'true' }).port).toBe(4000);
  });

  test('given npm start --port 4000 --state-dir /tmp/x, then the number goes to the port and the path to the state', () => {
    const env = { npm_config_port: 'true', npm_config_state_dir: 'true' };
    expect(parseStartOptions(['4000', '/tmp/x'], env)).toMatchObject({ port: 4000, stateDir: '/tmp/x' });
  });

  test('given several swallowed numbers, then it refuses rather than guess which is which', () => {
    const env = { npm_config_port: 'true', npm_config_m4_in: 'true' };
    expect(() => parseStartOptions(['3', '4000'], env)).toThrow(/Argomento non riconosciuto: 3 4000/);
  });
});
