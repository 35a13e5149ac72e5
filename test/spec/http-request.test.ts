import { describe, expect, it } from 'vitest';
import { httpRequest } from '../../src/spec/http-request.js';

describe('httpRequest', () => {
  const parts = { scheme: 'http', host: 'shop.example.com', port: 8080, path: '/cart' } as const;

  it('lowers header names, keeps their values, and upper-cases the method', () => {
    const r = httpRequest(parts, 'post', { 'X-Canary': 'Yes' }, 'http://shop.example.com:8080/cart');
    expect(r.headers).toEqual({ 'x-canary': 'Yes' });
    expect(r.method).toBe('POST');
    expect(r).toMatchObject(parts);
  });

  it('reads the query parameters from the URL, the last of a repeated name winning', () => {
    expect(httpRequest(parts, 'GET', {}, 'http://shop.example.com:8080/cart?q=1&lang=en&q=2').query).toEqual({ q: '2', lang: 'en' });
  });

  it('has no query parameters when the URL cannot be parsed', () => {
    expect(httpRequest(parts, 'GET', {}, 'not a url').query).toEqual({});
  });
});
