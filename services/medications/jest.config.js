module.exports = { ...require('../../jest.preset.js'), displayName: 'medications', rootDir: __dirname };
