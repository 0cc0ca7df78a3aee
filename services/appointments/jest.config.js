module.exports = { ...require('../../jest.preset.js'), displayName: 'appointments', rootDir: __dirname };
