module.exports = { ...require('../../jest.preset.js'), displayName: 'care-record', rootDir: __dirname };
