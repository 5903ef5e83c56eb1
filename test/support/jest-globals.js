// Jovo's TestSuite registers its clean-up with Jest's hooks; under mocha, map them to mocha's.
module.exports = {
  afterEach: (fn) => afterEach(fn),
  afterAll: (fn) => after(fn),
};
