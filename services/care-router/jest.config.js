module.exports = { ...require('../../jest.preset.js'), displayName: 'care-router', rootDir: __dirname };
