import pino from 'pino';
import { pinoLineWriter } from '../../src/logging/request-log';

/** A pino logger writing into an array, and its lines with the time (which differs by the ms) blanked. */
function capture(options: pino.LoggerOptions = {}) {
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) };
  const logger = pino(options, destination);
  const shown = () => lines.map((line) => line.replace(/"time":\d+/, '"time":0'));
  return { logger, destination, lines, shown };
}

describe('pinoLineWriter', () => {
  const fields = {
    req: {
      id: 'r-1',
      method: 'GET',
      url: '/endpoints/e-1',
      headers: { host: 'x', authorization: '[Redacted]' },
    },
    res: { statusCode: 200 },
    responseTime: 1.25,
    caller: { userId: 'u-1', authMethod: 'api-key' },
  };

  it('writes the very line pino writes, at info and at error level', () => {
    const { logger, destination, shown } = capture();
    const write = pinoLineWriter(logger, destination);
    logger.info(fields, 'GET /endpoints/e-1 200');
    write('info', { ...fields, msg: 'GET /endpoints/e-1 200' });
    logger.error(fields, 'GET /endpoints/e-1 500');
    write('error', { ...fields, msg: 'GET /endpoints/e-1 500' });

    const [pinoInfo, ownInfo, pinoError, ownError] = shown();
    expect(ownInfo).toBe(pinoInfo);
    expect(ownError).toBe(pinoError);
    expect(JSON.parse(ownInfo)).toMatchObject({ level: 30, pid: process.pid, msg: 'GET /endpoints/e-1 200' });
    expect(JSON.parse(ownError)).toMatchObject({ level: 50, caller: { userId: 'u-1' } });
  });

  it("keeps the logger's own bindings, and writes an empty line of fields as pino does", () => {
    const { logger, destination, shown } = capture();
    const child = logger.child({ component: 'requests' });
    pinoLineWriter(child, destination)('warn', fields);
    child.warn(fields);
    pinoLineWriter(child, destination)('info', {});
    child.info({});
    const [own, theirs, ownEmpty, theirsEmpty] = shown();
    expect(own).toBe(theirs);
    expect(JSON.parse(own)).toMatchObject({ level: 40, component: 'requests', hostname: expect.any(String) });
    expect(ownEmpty).toBe(theirsEmpty);
  });
});
