import {expect} from 'chai';

import {AsymmetricError, asymError, ERRORS, isAsymmetricError} from '../src/index.js';

describe('named errors', () => {
  it('CLONE_NOT_FOUND names the id and the fix', () => {
    const e = asymError('CLONE_NOT_FOUND', {id: 'slack-a1b2'});
    expect(e.message).to.equal('Unknown clone "slack-a1b2". List clones: asym status');
    expect(e.code).to.equal('CLONE_NOT_FOUND');
    expect(e.exitCode).to.equal(1);
    expect(isAsymmetricError(e)).to.equal(true);
    expect(isAsymmetricError(new Error('x'))).to.equal(false);
    expect(e).to.be.instanceOf(AsymmetricError);
  });
  it('has a code for each entry', () => {
    expect(Object.keys(ERRORS).length).to.be.greaterThan(20);
  });
});
