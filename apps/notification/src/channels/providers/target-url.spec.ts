import { targetUrlProblem } from './target-url';

describe('targetUrlProblem', () => {
  it.each([
    ['https://hooks.example.com/x', undefined],
    ['http://hooks.example.com/x', 'must use https'],
    ['https://127.0.0.1/x', 'must not point to a private or loopback address'],
    ['https://10.1.2.3/x', 'must not point to a private or loopback address'],
    ['https://172.20.0.1/x', 'must not point to a private or loopback address'],
    ['https://192.168.1.1/x', 'must not point to a private or loopback address'],
    ['https://169.254.169.254/latest', 'must not point to a private or loopback address'],
    ['https://[::1]/x', 'must not point to a private or loopback address'],
    ['https://localhost/x', 'must not point to a private or loopback address'],
    ['https://172.32.0.1/x', undefined],
    ['https://user:pw@hooks.example.com/x', 'must not carry credentials'],
    ['not a url', 'is not a URL'],
  ])('in production %s → %s', (url, problem) => {
    expect(targetUrlProblem(url, false)).toBe(problem);
  });

  it('allows http and loopback where private targets are allowed, but never other schemes', () => {
    expect(targetUrlProblem('http://127.0.0.1:8080/hook', true)).toBeUndefined();
    expect(targetUrlProblem('ftp://127.0.0.1/hook', true)).toBe('must use https');
  });
});
