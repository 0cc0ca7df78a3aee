module.exports = { ...require('../../jest.preset.js'), displayName: 'records', rootDir: __dirname };
